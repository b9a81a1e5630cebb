"""Settings, validated once at start-up.

Why here and not in ``dashboard``: the loaders need catalog URLs and timeouts, and
imports flow one way (data_sources -> dashboard). Sources, in order of precedence:
environment variables (``CORONADASH_*``, nested keys with ``__``), then the YAML file
named by ``CORONADASH_CONFIG`` (default ``config.yaml`` at the project root), then the
defaults below. Relative paths are taken relative to the config file's folder.

Mistakes are refused, never ignored: a key written twice in the file, or a
``CORONADASH_`` variable that matches no key (a typo would otherwise leave the
default silently in force). Messages are Dutch (``messages.dutch``).
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from .messages import dutch

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG_FILE = PROJECT_ROOT / "config.yaml"


class ConfigError(Exception):
    """A configuration problem, phrased for the person who wrote the config."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _check_http_url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise ValueError("moet beginnen met http:// of https://")
    return value.rstrip("/")


class Catalogs(_Strict):
    """Base URLs, scheme included, so that an internal mirror over plain http works."""

    cbs_v3: str = "https://opendata.cbs.nl"
    cbs_v3_third_party: str = "https://dataderden.cbs.nl"
    cbs_v4: str = "https://datasets.cbs.nl"
    corona: str = "https://coronadashboard.rijksoverheid.nl/json/archived"

    @field_validator("*")
    @classmethod
    def _scheme(cls, value: str) -> str:
        return _check_http_url(value)


class Http(_Strict):
    timeout_s: float = Field(30.0, gt=0, le=600)
    retries: int = Field(3, ge=0, le=10)
    backoff_s: float = Field(1.0, ge=0, le=60)


# A frame-ancestors source: 'self', or an origin (scheme://host[:port], the host may
# start with "*." for its subdomains). 'none' is written as an empty list.
_FRAME_SOURCE = re.compile(
    r"^(?:'self'|https?://(?:\*\.)?[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?)$"
)


# A host name or IP address without port; a leading dot also accepts subdomains.
_HOST_NAME = re.compile(
    r"^\.?[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$|^[0-9a-fA-F:]+$"
)


class Server(_Strict):
    host: str = "127.0.0.1"
    port: int = Field(8050, ge=1, le=65535)
    debug: bool = False
    # gunicorn worker processes for `coronadash serve --workers` (1: Flask's server)
    workers: int = Field(1, ge=1, le=64)
    # Redis for the memoised callbacks (shared by several machines); empty: files
    # under data_dir (shared by the workers of one machine)
    redis_url: str | None = None
    # Who may show the dashboard in a frame (CSP frame-ancestors); empty: nobody.
    frame_ancestors: list[str] = []
    # Reverse proxies in front whose X-Forwarded-For/-Proto/-Host headers are trusted.
    trusted_proxies: int = Field(0, ge=0, le=5)
    # The address the public uses (https://dashboard.example.nl, no path): every
    # link the pages make starts with it, whatever Host a request names. Empty: the
    # request's own (a trusted Host, see trusted_hosts).
    public_url: str | None = None
    # Host names a request may name (a leading dot: and its subdomains). The
    # loopback names, server.host and the host of public_url are always accepted;
    # any other Host gets 400.
    trusted_hosts: list[str] = []

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        value = _check_http_url(value)
        parts = urlsplit(value)
        if (
            not parts.hostname
            or parts.path not in ("", "/")
            or parts.query
            or parts.fragment
            or "@" in parts.netloc
        ):
            raise ValueError(
                "moet een adres als https://dashboard.example.nl zijn "
                "(eventueel met poort; zonder pad, ?, # of gebruikersnaam)"
            )
        return value

    @field_validator("trusted_hosts")
    @classmethod
    def _host_names(cls, value: list[str]) -> list[str]:
        for name in value:
            if not _HOST_NAME.match(name):
                raise ValueError(
                    f"{name!r} is geen hostnaam: gebruik bijvoorbeeld "
                    "dashboard.example.nl of .example.nl (zonder poort of schema)"
                )
        return [name.lower() for name in value]

    @field_validator("frame_ancestors")
    @classmethod
    def _frame_sources(cls, value: list[str]) -> list[str]:
        for source in value:
            if not _FRAME_SOURCE.match(source):
                raise ValueError(
                    f"{source!r} is geen geldige bron: gebruik 'self' of een origin "
                    "als https://intranet.example.nl (leeg: niet insluitbaar)"
                )
        return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CORONADASH_", env_nested_delimiter="__", extra="forbid"
    )

    database_url: str | None = None
    data_dir: Path = Path("var")
    snapshot_dir: Path = Path("../shared/data")
    default_source: Literal["auto", "live", "snapshot"] = "auto"
    gebieden_file: Path = Path("data_sources/gebieden.yaml")
    catalogs: Catalogs = Catalogs()
    http: Http = Http()
    server: Server = Server()
    # Compute the aggregates when a refresh lands (dashboard/precompute.py); off, the
    # pages compute them per request as before (the test configs: minutes per refresh).
    precompute: bool = True

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The YAML file arrives as init kwargs; the environment must beat it.
        return (env_settings, init_settings)

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'cache.sqlite').as_posix()}"


ENV_PREFIX = "CORONADASH_"
# CORONADASH_ variables that are no settings key: read by the CLI, the image export
# and the tests themselves.
OTHER_VARIABLES = {
    "CONFIG",  # which config file
    "CHROMIUM",  # the browser of the image export and the browser tests
    "DEBUG",  # the CLI shows a traceback
    "TEST_POSTGRES_URL",  # tests: an existing PostgreSQL server
    "TEST_PORTS",  # tests: ports for the test servers
    "FUZZ_SCALE",  # tests: how many hostile inputs
}


def _describe(error: dict[str, Any]) -> str:
    key = ".".join(str(part) for part in error["loc"]) or "(bestand)"
    if error["type"] == "extra_forbidden":
        return f"onbekende sleutel '{key}'"
    return f"sleutel '{key}': {dutch(error)}"


def _setting_names() -> list[str]:
    """Every variable name a setting can be given by: CORONADASH_HTTP__TIMEOUT_S."""
    names = []
    for name, field in Settings.model_fields.items():
        names.append(name.upper())
        model = field.annotation
        if isinstance(model, type) and issubclass(model, BaseModel):
            names.extend(f"{name.upper()}__{sub.upper()}" for sub in model.model_fields)
    return names


def _refuse_unknown_variables(environ) -> None:
    """A CORONADASH_ variable that sets nothing is a typo: say so, with a guess."""
    known = set(_setting_names()) | OTHER_VARIABLES
    for variable in sorted(environ):
        if not variable.upper().startswith(ENV_PREFIX):
            continue
        name = variable[len(ENV_PREFIX) :].upper()
        if name in known:
            continue
        guess = difflib.get_close_matches(name, sorted(known), n=1)
        hint = f" (bedoelt u {ENV_PREFIX}{guess[0]}?)" if guess else ""
        raise ConfigError(
            f"omgevingsvariabele {variable} past bij geen instelling{hint}"
        )


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML with every key at most once per mapping (PyYAML keeps the last)."""

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, int] = {}
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise ConfigError(
                    f"sleutel '{key}' staat twee keer in het bestand "
                    f"(regel {seen[key]} en {line})"
                )
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def _refuse_password_in_file(path: Path, raw: dict[str, Any]) -> None:
    """A database password belongs in the environment, never in a config file."""
    url = raw.get("database_url")
    if not isinstance(url, str) or not url:
        return
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
        # libpq also reads ?password=... from the query string
        password = parsed.password or any(
            key.lower() == "password" for key in parsed.query
        )
    except (ArgumentError, ValueError):
        # not a URL SQLAlchemy can read (the cache says so when it opens); still
        # refuse anything that looks like a password, without showing it
        password = "password=" in url.lower() or re.search(r"//[^/@]*:[^/@]*@", url)
    if password:
        raise ConfigError(
            f"{path}: sleutel 'database_url' bevat een wachtwoord; zet de URL met "
            "wachtwoord in de omgeving (CORONADASH_DATABASE_URL) of gebruik "
            "PGPASSWORD/~/.pgpass, nooit in het configuratiebestand"
        )


def load_settings(config_file: str | Path | None = None) -> Settings:
    """Read, validate and resolve the settings; raise ConfigError with one clear line."""
    path = Path(
        config_file or os.environ.get("CORONADASH_CONFIG") or DEFAULT_CONFIG_FILE
    )
    raw: dict[str, Any] = {}
    _refuse_unknown_variables(os.environ)
    if path.exists():
        try:
            loaded = yaml.load(path.read_text(encoding="utf-8"), _UniqueKeyLoader)  # noqa: S506 - a SafeLoader
        except ConfigError as exc:
            raise ConfigError(f"{path}: {exc}") from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (regel {mark.line + 1})" if mark else ""
            raise ConfigError(f"{path}: geen geldige YAML{where}") from None
        if loaded is not None and not isinstance(loaded, dict):
            raise ConfigError(
                f"{path}: verwacht sleutels met waarden bovenaan het bestand"
            )
        raw = loaded or {}
    elif config_file or os.environ.get("CORONADASH_CONFIG"):
        raise ConfigError(f"configuratiebestand {path} bestaat niet")
    # first: no later message may quote the URL with its password
    _refuse_password_in_file(path, raw)
    try:
        settings = Settings(**raw)
    except ValidationError as exc:
        problems = "; ".join(_describe(e) for e in exc.errors())
        raise ConfigError(f"{path}: {problems}") from None
    base = path.resolve().parent
    for name in ("data_dir", "snapshot_dir", "gebieden_file"):
        value = getattr(settings, name)
        if not value.is_absolute():
            setattr(settings, name, (base / value).resolve())
    return settings

"""Settings, validated once at start-up.

Why here and not in ``dashboard``: the loaders need catalog URLs and timeouts, and
imports flow one way (data_sources -> dashboard). Sources, in order of precedence:
environment variables (``CORONADASH_*``, nested keys with ``__``), then the YAML file
named by ``CORONADASH_CONFIG`` (default ``config.yaml`` at the project root), then the
defaults below. Relative paths are taken relative to the config file's folder.
"""

from __future__ import annotations

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


def _describe(error: dict[str, Any]) -> str:
    key = ".".join(str(part) for part in error["loc"]) or "(bestand)"
    if error["type"] == "extra_forbidden":
        return f"onbekende sleutel '{key}'"
    return f"sleutel '{key}': {error['msg']}"


def _refuse_password_in_file(path: Path, raw: dict[str, Any]) -> None:
    """A database password belongs in the environment, never in a config file."""
    url = raw.get("database_url")
    if not isinstance(url, str) or not url:
        return
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        password = make_url(url).password
    except (ArgumentError, ValueError):
        return  # not a URL SQLAlchemy can read: the cache says so when it opens
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
    if path.exists():
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
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
    try:
        settings = Settings(**raw)
    except ValidationError as exc:
        problems = "; ".join(_describe(e) for e in exc.errors())
        raise ConfigError(f"{path}: {problems}") from None
    _refuse_password_in_file(path, raw)
    base = path.resolve().parent
    for name in ("data_dir", "snapshot_dir", "gebieden_file"):
        value = getattr(settings, name)
        if not value.is_absolute():
            setattr(settings, name, (base / value).resolve())
    return settings

"""Configuration is validated at start-up: one clear line per problem, env overrides."""

import subprocess
import sys
from pathlib import Path

import pytest

from data_sources.settings import ConfigError, load_settings

REPO = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_config_is_valid_and_resolves_paths():
    settings = load_settings(REPO / "config.yaml")
    assert settings.catalogs.cbs_v4 == "https://datasets.cbs.nl"
    assert settings.snapshot_dir == (REPO / ".." / "shared" / "data").resolve()
    assert settings.sqlalchemy_url == f"sqlite:///{REPO / 'var' / 'cache.sqlite'}"


def test_environment_beats_the_file(tmp_path, monkeypatch):
    path = write(
        tmp_path, "http:\n  timeout_s: 5\ncatalogs:\n  cbs_v3: http://mirror.local\n"
    )
    monkeypatch.setenv("CORONADASH_HTTP__TIMEOUT_S", "7")
    monkeypatch.setenv("CORONADASH_DATABASE_URL", "postgresql+psycopg://u@h/db")
    settings = load_settings(path)
    assert settings.http.timeout_s == 7
    assert (
        settings.catalogs.cbs_v3 == "http://mirror.local"
    )  # plain http mirror allowed
    assert settings.sqlalchemy_url == "postgresql+psycopg://u@h/db"


def test_config_env_var_points_at_another_file(tmp_path, monkeypatch):
    path = write(tmp_path, "server:\n  port: 9999\n")
    monkeypatch.setenv("CORONADASH_CONFIG", str(path))
    assert load_settings().server.port == 9999


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("catalogs:\n  cbs_v4: ftp://x\n", "catalogs.cbs_v4"),
        ("http:\n  timeout_s: -1\n", "http.timeout_s"),
        ("unknown_key: 1\n", "onbekende sleutel 'unknown_key'"),
        ("server:\n  port: abc\n", "server.port"),
        ("default_source: sometimes\n", "default_source"),
        ("catalogs: [\n", "geen geldige YAML"),
        ("- a\n- b\n", "verwacht sleutels"),
    ],
)
def test_invalid_config_names_the_key(tmp_path, text, expected):
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, text))
    assert expected in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_config_file_named_explicitly_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="bestaat niet"):
        load_settings(tmp_path / "nope.yaml")


def test_cli_reports_bad_config_in_one_line_without_traceback(tmp_path):
    path = write(tmp_path, "http:\n  retries: many\n")
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "status"],
        cwd=REPO,
        env={"CORONADASH_CONFIG": str(path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "http.retries" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout

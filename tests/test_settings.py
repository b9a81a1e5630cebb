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


@pytest.mark.parametrize(
    ("text", "dutch"),
    [
        ("server:\n  port: abc\n", "moet een geheel getal zijn"),
        ("http:\n  timeout_s: -1\n", "moet groter zijn dan 0"),
        ("http:\n  retries: 99\n", "mag hoogstens 10 zijn"),
        ("server:\n  debug: misschien\n", "moet true of false zijn"),
        ("default_source: sometimes\n", "'auto', 'live' of 'snapshot'"),
        ("catalogs:\n  cbs_v4: ftp://x\n", "moet beginnen met http://"),
    ],
)
def test_validation_messages_are_dutch(tmp_path, text, dutch):
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, text))
    message = str(info.value)
    assert dutch in message
    assert "should" not in message and "Value error" not in message


def test_a_key_written_twice_is_refused_with_both_lines(tmp_path):
    path = write(tmp_path, "server:\n  port: 8050\n  host: 0.0.0.0\n  port: 9000\n")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    message = str(info.value)
    assert "'port'" in message and "twee keer" in message
    assert "regel 2 en 4" in message and "\n" not in message


def test_an_environment_variable_that_sets_nothing_is_refused(tmp_path):
    """A typo (TIMEOUT for TIMEOUT_S) must not leave the default silently in force."""
    path = write(tmp_path, "server:\n  port: 8050\n")
    env = {
        "CORONADASH_CONFIG": str(path),
        "CORONADASH_HTTP__TIMEOUT": "5",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "status"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "CORONADASH_HTTP__TIMEOUT " in lines[0]
    assert "CORONADASH_HTTP__TIMEOUT_S" in lines[0]  # the likely meant one
    assert "Traceback" not in result.stderr + result.stdout


def test_every_setting_and_the_program_variables_are_accepted(tmp_path, monkeypatch):
    path = write(tmp_path, "")
    monkeypatch.setenv("CORONADASH_SERVER__WORKERS", "2")
    monkeypatch.setenv("CORONADASH_CHROMIUM", "/usr/bin/chromium")
    monkeypatch.setenv("CORONADASH_TEST_PORTS", "8070-8079")
    assert load_settings(path).server.workers == 2
    monkeypatch.setenv("CORONADASH_SERVR__WORKERS", "2")
    with pytest.raises(ConfigError, match="CORONADASH_SERVR__WORKERS"):
        load_settings(path)

"""``coronadash indicators | areas | query`` on a cache refreshed from the snapshot."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from dashboard.areas import ALIASES, ALL_GEBIEDEN
from dashboard.services import Service
from data_sources.cache import Cache
from data_sources.catalogue import read_catalogue
from data_sources.refresh import refresh
from data_sources.settings import load_settings

REPO = Path(__file__).resolve().parents[1]
GEBIEDEN_FILE = REPO / "data_sources" / "gebieden.yaml"
# Without the corona dashboard (the slowest to load): its indicators are then listed
# with a problem instead of periods, which the listing test checks too.
DATASETS = [
    "cbs_03759ned",
    "cbs_37789ksz",
    "elan_wijk",
    "wijken_2022",
    "gemeenten_2023",
    "gebieden",
]
STATUS = {
    "high": "samenstelling zeker",
    "medium": "samenstelling redelijk zeker",
    "low": "samenstelling onzeker",
}


@pytest.fixture(scope="module")
def database_url(tmp_path_factory, snapshot_dir) -> str:
    folder = tmp_path_factory.mktemp("cli_indicators")
    url = f"sqlite:///{folder / 'cache.sqlite'}"
    config = folder / "config.yaml"
    config.write_text(
        f"""
database_url: {url}
snapshot_dir: {snapshot_dir}
gebieden_file: {GEBIEDEN_FILE}
catalogs:
  cbs_v3: http://127.0.0.1:9
  cbs_v4: http://127.0.0.1:9
  corona: http://127.0.0.1:9/corona
http:
  timeout_s: 2
  retries: 0
  backoff_s: 0
""",
        encoding="utf-8",
    )
    settings = load_settings(config)
    report = refresh(Cache(url), settings, "snapshot", only=DATASETS)
    assert report.ok, [(o.dataset, o.message) for o in report.outcomes]
    return url


@pytest.fixture(scope="module")
def service(database_url) -> Service:
    return Service(Cache(database_url))


BAD_QUERIES = {
    "indicator": (
        ["--indicator", "bestaat-niet", "--area", "NL01"],
        "onbekende indicator",
    ),
    "area": (["--indicator", "inwoners", "--area", "nergens"], "onbekend gebied"),
    "period-outside": (
        ["--indicator", "inwoners", "--area", "NL01", "--period", "2030"],
        "valt buiten de gegevens",
    ),
    "period-malformed": (
        [
            "--indicator",
            "bijstandsuitkeringen",
            "--area",
            "NL01",
            "--period",
            "2020MM13",
        ],
        "ongeldige periode",
    ),
    "nl": (
        ["--indicator", "bijstand-dh", "--area", "NL01"],
        "dekt niet heel Nederland",
    ),
    "gebied": (
        ["--indicator", "bijstandsuitkeringen", "--area", "den-haag-zuidwest"],
        "alleen een landelijk cijfer",
    ),
}
MONTH = ["query", "--indicator", "bijstandsuitkeringen", "--area", "NL01"]
COMMANDS = {
    "indicators": ["indicators", "--json"],
    "areas": ["areas", "--json"],
    "areas-gebied": ["areas", "--level", "gebied"],
    "areas-gebied-json": ["areas", "--level", "gebied", "--json"],
    "areas-bad-level": ["areas", "--level", "provincie"],
    "query": [
        "query",
        "--indicator",
        "aandeel-65plus",
        "--area",
        "utrecht-overvecht",
        "--json",
    ],
    "query-month-json": [*MONTH, "--period", "2020MM04", "--json"],
    "query-month": [*MONTH, "--period", "2020MM04"],
    "query-table": [
        "query",
        "--indicator",
        "bijstand-dh",
        "--area",
        "den-haag-zuidwest",
        "--period",
        "2022",
        "--base-period",
        "2019",
    ],
    **{f"bad-{k}": ["query", *args, "--json"] for k, (args, _) in BAD_QUERIES.items()},
    # the composite id names no count; the old one still answers (old scripts)
    **{
        f"query-{area}": ["query", "--indicator", "aandeel-65plus", "--area", area]
        + ["--json"]
        for area in (ALL_GEBIEDEN, "gebieden-16")
    },
}


@pytest.fixture(scope="module")
def cli(database_url, tmp_path_factory, snapshot_dir) -> dict:
    """Every command of this module, run once as a subprocess (in parallel)."""
    home = tmp_path_factory.mktemp("home")
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "CORONADASH_DATABASE_URL": database_url,
        "CORONADASH_SNAPSHOT_DIR": str(snapshot_dir),
        "CORONADASH_CATALOGS__CBS_V3": "http://127.0.0.1:9",
        "CORONADASH_CATALOGS__CBS_V4": "http://127.0.0.1:9",
        "CORONADASH_CATALOGS__CORONA": "http://127.0.0.1:9",
        "CORONADASH_HTTP__RETRIES": "0",
    }

    def run(name: str) -> subprocess.CompletedProcess:
        # Tables get a wide terminal; errors a narrow one: still one line each.
        columns = "60" if "bad" in name else "200"
        return subprocess.run(
            [sys.executable, "-m", "dashboard.cli", *COMMANDS[name]],
            cwd=REPO,
            env={**environment, "COLUMNS": columns},
            capture_output=True,
            text=True,
            timeout=120,
        )

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = dict(zip(COMMANDS, pool.map(run, COMMANDS)))
    for name, result in results.items():
        assert "Traceback" not in result.stdout + result.stderr, (name, result.stderr)
    return results


def gebieden_definition() -> dict[str, dict]:
    raw = yaml.safe_load(GEBIEDEN_FILE.read_text(encoding="utf-8"))
    return {g["id"]: g for g in raw["gebieden"]}


def test_indicators_json_lists_the_whole_catalogue(cli, service):
    result = cli["indicators"]
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    catalogue = read_catalogue()
    assert [row["id"] for row in listed] == [i.id for i in catalogue.indicators]
    problems = service.problems()
    for row in listed:
        indicator = catalogue.indicator(row["id"])
        assert row["title"] == indicator.title.nl
        assert row["domain"] == indicator.domain
        assert row["unit"] == indicator.unit.nl
        assert row["level"] == indicator.level
        if row["id"] in problems:  # its dataset is not in this cache
            assert row["periods"] is None and row["problem"] == problems[row["id"]]
        else:
            assert row["problem"] is None and " t/m " in row["periods"], row
    by_id = {row["id"]: row for row in listed}
    assert by_id["inwoners"]["periods"] == "2019JJ00 t/m 2026JJ00"
    assert by_id["aandeel-65plus"]["periods"] == "2022JJ00 t/m 2022JJ00"
    assert by_id["bijstand-dh"]["periods"] == "2011JJ00 t/m 2022JJ00"
    assert by_id["bijstandsuitkeringen"]["periods"].startswith("1998MM01 t/m ")
    assert by_id["positieve-testen"]["problem"] == (
        "dataset corona_gemeenten niet in de cache"
    )


def test_areas_json_lists_the_16_gebieden_with_their_status(cli):
    result = cli["areas"]
    assert result.returncode == 0, result.stderr
    areas = json.loads(result.stdout)
    gebieden = [a for a in areas if a["level"] == "gebied"]
    definition = gebieden_definition()
    assert len(gebieden) == 16
    assert {a["area_id"] for a in gebieden} == set(definition)
    for area in gebieden:
        entry = definition[area["area_id"]]
        assert area["status"] == STATUS[entry["confidence"]]
        assert area["gemeente"] == entry["gemeente_code"]
        assert area["wijken"] == len(entry["wijk_codes"])
    ids = {a["area_id"] for a in areas}
    assert {"NL01", "GM0344", "WK034403", ALL_GEBIEDEN} <= ids
    assert not ids & set(ALIASES)  # an alias is read, never listed
    assert {f"rest-{g}" for g in definition} <= ids


def test_areas_of_one_level(cli):
    result = cli["areas-gebied"]
    assert result.returncode == 0, result.stderr
    for gebied, entry in gebieden_definition().items():
        assert gebied in result.stdout
        assert STATUS[entry["confidence"]] in result.stdout
    assert "NL01" not in result.stdout and "rest-" not in result.stdout
    as_json = json.loads(cli["areas-gebied-json"].stdout)
    assert {a["level"] for a in as_json} == {"gebied"} and len(as_json) == 16


def test_the_old_composite_id_is_an_alias_of_the_count_free_one(cli, service):
    current, old = cli[f"query-{ALL_GEBIEDEN}"], cli["query-gebieden-16"]
    assert current.returncode == 0 and old.returncode == 0, old.stderr
    answer = json.loads(current.stdout)
    assert json.loads(old.stdout) == answer
    expected = service.value("aandeel-65plus", ALL_GEBIEDEN)
    assert answer["period"] == expected["period"]
    assert answer["value"] == pytest.approx(expected["value"])
    count = len(service.registry.gebieden())
    assert service.registry.get("gebieden-16").name == f"De {count} gebieden samen"


def test_query_gives_the_value_of_the_service(cli, service):
    result = cli["query"]
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    expected = service.comparison("aandeel-65plus", "utrecht-overvecht")
    assert answer["period"] == expected["period"] == "2022JJ00"
    assert answer["value"] == pytest.approx(expected["value"])
    assert answer["value"] == 14.0  # WK034403 Overvecht, the gebied's only wijk
    assert answer["nederland"] == pytest.approx(expected["netherlands"])
    assert answer["gemeente"] == pytest.approx(expected["municipality"])
    assert answer["verschil_met_nederland"] == pytest.approx(
        answer["value"] - answer["nederland"]
    )


def test_query_with_a_cbs_month_key(cli, service, snapshot_dir):
    path = snapshot_dir / "cbs-v4" / "37789ksz" / "observations-page-1.json"
    rows = json.loads(path.read_text(encoding="utf-8"))["value"]
    (raw,) = [
        r["Value"]
        for r in rows
        if r["Measure"] == "D000203_2" and r["Perioden"] == "2020MM04"
    ]
    result = cli["query-month-json"]
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["period"] == "2020MM04" and answer["period_label"] == "2020 april"
    assert answer["value"] == raw == 412.4
    assert (
        answer["value"]
        == service.value("bijstandsuitkeringen", "NL01", "2020MM04")["value"]
    )
    table = cli["query-month"]
    assert table.returncode == 0, table.stderr
    # unit "x 1 000": the table writes the plain number, 412,4 x 1 000 = 412.400
    plain = f"{round(raw * 1000):,}".replace(",", ".")
    assert plain in table.stdout and "2020 april" in table.stdout


def test_query_of_a_gebied_as_a_table(cli):
    result = cli["query-table"]
    assert result.returncode == 0, result.stderr
    assert "Den Haag Zuidwest" in result.stdout
    assert "verandering sinds 2019JJ00" in result.stdout


@pytest.mark.parametrize("name", sorted(BAD_QUERIES))
def test_a_bad_query_fails_with_one_line(cli, name):
    result = cli[f"bad-{name}"]
    message = BAD_QUERIES[name][1]
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("fout: ") and message in lines[0]
    assert result.stdout == ""


def test_an_unknown_area_level_fails_with_one_line(cli):
    result = cli["areas-bad-level"]
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "onbekend niveau 'provincie'" in lines[0]

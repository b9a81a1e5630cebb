"""Corona dashboard loader: values checked against the raw gzip JSON snapshot."""

from __future__ import annotations

import copy
import gzip
import json
import math
import os
import re
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest

from data_sources import coronadashboard as cd
from data_sources.http import HttpPolicy
from data_sources.model import OBSERVATION_COLUMNS, SourceError

REPO_ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT_DIR = Path(
    os.environ.get("CORONADASH_SNAPSHOT_DIR") or REPO_ROOT / ".." / "shared" / "data"
).resolve()
FOLDER = SNAPSHOT_DIR / "coronadashboard"
FAST = HttpPolicy(timeout_s=5, retries=1, backoff_s=0)


def raw(code: str) -> dict:
    with gzip.open(FOLDER / f"{code}.json.gz", "rt", encoding="utf-8") as handle:
        return json.load(handle)


def raw_series(document: dict, prefix: str) -> list[dict]:
    keys = [k for k in document if k.startswith(prefix + "_archived_")]
    assert len(keys) == 1, keys
    return document[keys[0]]["values"]


def last_generated(code: str) -> int:
    """``last_generated`` from the head of the raw file (it precedes the series)."""
    with gzip.open(FOLDER / f"{code}.json.gz", "rt", encoding="utf-8") as handle:
        head = handle.read(400)
    match = re.search(r'"last_generated":\s*"(\d+)"', head)
    assert match, code
    return int(match[1])


def iso(unix: int) -> str:
    return datetime.fromtimestamp(unix, tz=timezone.utc).date().isoformat()


def lookup(observations: pd.DataFrame, measure: str, area: str, period: str):
    rows = observations[
        (observations["measure"] == measure)
        & (observations["area_code"] == area)
        & (observations["period"] == period)
    ]
    assert len(rows) == 1, (measure, area, period, len(rows))
    return rows.iloc[0]


@pytest.fixture(scope="module")
def loaded():
    if not FOLDER.is_dir():
        pytest.fail(f"snapshot folder {FOLDER} missing (CORONADASH_SNAPSHOT_DIR)")
    started = time.perf_counter()
    documents = cd.read_folder(FOLDER)
    read_s = time.perf_counter() - started
    result = cd.normalise(
        "corona_gemeenten", documents, catalog_url=str(FOLDER), origin="snapshot"
    )
    total_s = time.perf_counter() - started
    print(f"\ncoronadashboard: read_folder {read_s:.1f}s, total {total_s:.1f}s")
    result.timing_s = total_s  # type: ignore[attr-defined]
    return result


# ------------------------------------------------------------------- whole snapshot


def test_reads_every_area_file_but_not_the_collections(loaded):
    codes = cd.snapshot_codes(FOLDER)
    assert "GM_COLLECTION" not in codes and "VR_COLLECTION" not in codes
    on_disk = sorted(
        p.name.removesuffix(".json.gz")
        for p in FOLDER.glob("*.json.gz")
        if "COLLECTION" not in p.name
    )
    assert codes == on_disk
    assert sorted(loaded.areas["area_code"]) == on_disk
    levels = loaded.areas.set_index("area_code")["level"]
    assert levels["GM0344"] == "gemeente" and levels["VR09"] == "veiligheidsregio"
    # Every gemeente file with a positives series ends up in the observations.
    with_series = [c for c in on_disk if c.startswith("GM")]
    observed = set(
        loaded.observations.loc[
            loaded.observations["measure"] == "positieve_testen", "area_code"
        ]
    )
    assert observed == set(with_series)


def test_shape_and_invariants(loaded):
    obs = loaded.observations
    assert list(obs.columns) == OBSERVATION_COLUMNS
    assert not obs.duplicated(["measure", "dims", "area_code", "period"]).any()
    assert (obs["value"].isna() == obs["missing_reason"].notna()).all()
    assert set(obs["frequency"]) == {"D"}
    assert (obs["period_start"].astype(str) == obs["period"]).all()
    assert (obs["dims"] == "").all()
    assert obs["value"].dtype == "float64"


def test_full_snapshot_is_fast_enough(loaded):
    # ~1.24 million daily rows; vectorised it takes a few seconds.
    assert loaded.timing_s < 60, loaded.timing_s
    assert len(loaded.observations) > 1_200_000


@pytest.mark.parametrize("code", ["GM0344", "GM0518", "GM0363", "GM0088"])
def test_per_gemeente_totals_equal_the_raw_file(loaded, code):
    document = raw(code)
    obs = loaded.observations[loaded.observations["area_code"] == code]
    for measure, prefix, field in [
        ("positieve_testen", "tested_overall", "infected"),
        ("ziekenhuisopnames", "hospital_nice", "admissions_on_date_of_admission"),
        ("overleden", "deceased_rivm", "covid_daily"),
    ]:
        values = raw_series(document, prefix)
        ours = obs[obs["measure"] == measure]
        assert len(ours) == len(values)
        assert ours["value"].sum() == sum(
            v[field] for v in values if v[field] is not None
        )
        assert ours["value"].isna().sum() == sum(v[field] is None for v in values)
        assert ours["period"].min() == iso(min(v["date_unix"] for v in values))
        assert ours["period"].max() == iso(max(v["date_unix"] for v in values))


def test_specific_daily_values(loaded):
    obs = loaded.observations
    document = raw("GM0344")
    positives = {
        iso(v["date_unix"]): v["infected"]
        for v in raw_series(document, "tested_overall")
    }
    admissions = {
        iso(v["date_unix"]): v["admissions_on_date_of_admission"]
        for v in raw_series(document, "hospital_nice")
    }
    deaths = {
        iso(v["date_unix"]): v["covid_daily"]
        for v in raw_series(document, "deceased_rivm")
    }
    for day in ["2020-03-02", "2020-11-03", "2021-12-20", "2022-01-25", "2023-03-31"]:
        assert lookup(obs, "positieve_testen", "GM0344", day)["value"] == positives[day]
    for day in ["2020-04-01", "2021-04-15", "2024-02-27"]:
        assert (
            lookup(obs, "ziekenhuisopnames", "GM0344", day)["value"] == admissions[day]
        )
    for day in ["2020-04-10", "2021-01-15", "2022-12-31"]:
        assert lookup(obs, "overleden", "GM0344", day)["value"] == deaths[day]
    # The busiest day is not a fluke of the lookup: it is the raw maximum.
    peak_day = max(positives, key=positives.get)
    assert lookup(obs, "positieve_testen", "GM0344", peak_day)["value"] == max(
        positives.values()
    )
    # Hospital admissions have real gaps (no row) in the last weeks: not filled.
    assert "2024-02-18" not in admissions
    assert obs[
        (obs["measure"] == "ziekenhuisopnames")
        & (obs["area_code"] == "GM0344")
        & (obs["period"] == "2024-02-18")
    ].empty


def test_vaccination_snapshots(loaded):
    obs = loaded.observations
    document = raw("GM0344")
    for key in (k for k in document if k.startswith("vaccine_coverage_per_age_group_")):
        for row in document[key]["values"]:
            day = iso(row["date_unix"])
            if "age_group_range" in row:
                suffix = {"12+": "12plus", "18+": "18plus"}[row["age_group_range"]]
                expected = {
                    f"vaccinatie_volledig_{suffix}": row["fully_vaccinated_percentage"],
                    f"vaccinatie_eerste_prik_{suffix}": row["has_one_shot_percentage"],
                }
                if "booster_shot_percentage" in row:
                    expected[f"vaccinatie_booster_{suffix}"] = row[
                        "booster_shot_percentage"
                    ]
            else:
                stem = {
                    "primary_series": "vaccinatie_basisserie",
                    "autumn_2022": "vaccinatie_najaar2022",
                }[row["vaccination_type"]]
                expected = {
                    f"{stem}_{age}plus": row[f"vaccinated_percentage_{age}_plus"]
                    for age in ("12", "18", "60")
                    if row[f"birthyear_range_{age}_plus"] is not None
                }
            for measure, value in expected.items():
                assert lookup(obs, measure, "GM0344", day)["value"] == value
    # Spelled out, as read from GM0344.json.gz: 18+ fully vaccinated 83 % on 4 Sep 2022.
    assert (
        lookup(obs, "vaccinatie_volledig_18plus", "GM0344", "2022-09-04")["value"] == 83
    )
    assert (
        lookup(obs, "vaccinatie_booster_18plus", "GM0344", "2022-09-04")["value"] == 63
    )
    # Booster exists only in the September 2022 snapshot: no invented June rows.
    booster = obs[obs["measure"] == "vaccinatie_booster_18plus"]
    assert set(booster["period"]) == {"2022-09-04"}
    assert booster["value"].notna().all()
    # Primary series 60+ is not published (birth-year range null): no measure at all.
    assert "vaccinatie_basisserie_60plus" not in set(obs["measure"])
    assert "vaccinatie_basisserie_60plus" not in set(loaded.measures["measure"])


def test_vaccination_nulls_stay_missing_with_the_label_as_reason(loaded):
    obs = loaded.observations
    urk = raw("GM0184")
    autumn = next(
        row
        for row in urk["vaccine_coverage_per_age_group_archived_20231004"]["values"]
        if row["vaccination_type"] == "autumn_2022"
    )
    assert autumn["vaccinated_percentage_12_plus"] is None
    label = autumn["vaccinated_percentage_12_plus_label"]
    assert label == "<=5"
    row = lookup(
        obs, "vaccinatie_najaar2022_12plus", "GM0184", iso(autumn["date_unix"])
    )
    assert math.isnan(row["value"]) and row["missing_reason"] == label
    # A null without label (Schiermonnikoog 12+) is missing for "null", not 0.
    schier = raw("GM0088")["vaccine_coverage_per_age_group_archived_20220908"]["values"]
    twelve = next(r for r in schier if r["age_group_range"] == "12+")
    assert twelve["fully_vaccinated_percentage"] is None
    row = lookup(obs, "vaccinatie_volledig_12plus", "GM0088", iso(twelve["date_unix"]))
    assert math.isnan(row["value"]) and row["missing_reason"] == cd.NULL_REASON
    # Every null in the raw vaccination fields is a NaN here, and nothing else is.
    assert obs["value"].isna().sum() == 6


def test_measures_and_provenance(loaded):
    measures = loaded.measures.set_index("measure")
    for daily in ("positieve_testen", "ziekenhuisopnames", "overleden"):
        assert measures.loc[daily, "unit"] == "aantal"
    vaccine = [m for m in measures.index if m.startswith("vaccinatie_")]
    assert len(vaccine) == 11
    assert (measures.loc[vaccine, "unit"] == "%").all()
    assert set(measures.index) == set(loaded.observations["measure"])
    assert measures.loc["vaccinatie_volledig_18plus", "title"] == (
        "Vaccinatiegraad volledig gevaccineerd, 18+"
    )
    prov = loaded.provenance
    assert (prov.kind, prov.table_id, prov.origin) == (
        "corona",
        "coronadashboard",
        "snapshot",
    )
    assert prov.title == "Coronadashboard (RIVM/NICE via VWS)"
    assert prov.attribution == "Bron: RIVM, NICE, Ministerie van VWS (coronadashboard)"
    newest = max(last_generated(code) for code in cd.snapshot_codes(FOLDER))
    assert prov.cbs_modified == iso(newest) == "2024-02-29"


# ------------------------------------------------------------------- small documents


def test_null_counts_stay_missing_never_zero():
    document = copy.deepcopy(raw("GM0344"))
    positives = raw_series(document, "tested_overall")
    target = next(v for v in positives if v["infected"] > 0)
    removed = target["infected"]
    target["infected"] = None
    loaded = cd.normalise("x", {"GM0344": document}, catalog_url="-", origin="snapshot")
    row = lookup(
        loaded.observations, "positieve_testen", "GM0344", iso(target["date_unix"])
    )
    assert math.isnan(row["value"]) and row["missing_reason"] == cd.NULL_REASON
    ours = loaded.observations[loaded.observations["measure"] == "positieve_testen"]
    assert ours["value"].sum() == sum(v["infected"] or 0 for v in positives)
    assert (
        ours["value"].sum()
        == sum(v["infected"] for v in raw_series(raw("GM0344"), "tested_overall"))
        - removed
    )


def test_label_on_a_null_percentage_becomes_the_reason():
    document = copy.deepcopy(raw("GM0344"))
    rows = document["vaccine_coverage_per_age_group_archived_20220908"]["values"]
    rows[0]["fully_vaccinated_percentage"] = None
    rows[0]["fully_vaccinated_percentage_label"] = ">=95"
    suffix = {"12+": "12plus", "18+": "18plus"}[rows[0]["age_group_range"]]
    loaded = cd.normalise("x", {"GM0344": document}, catalog_url="-", origin="snapshot")
    row = lookup(
        loaded.observations,
        f"vaccinatie_volledig_{suffix}",
        "GM0344",
        iso(rows[0]["date_unix"]),
    )
    assert math.isnan(row["value"]) and row["missing_reason"] == ">=95"


def test_series_found_by_prefix_not_by_full_name():
    document = {
        "code": "GM0001",
        "hospital_nice_archived_20240228": {"values": []},
        "hospital_nice_choropleth_archived_20240228": {"values": []},
        "tested_overall_archived_20220101": {"values": []},
        "tested_overall_archived_20230331": {"values": []},
    }
    assert cd.series_keys(document, "hospital_nice") == [
        "hospital_nice_archived_20240228"
    ]
    assert (
        cd.series_keys(document, "tested_overall")[-1]
        == "tested_overall_archived_20230331"
    )
    renamed = copy.deepcopy(raw("GM0344"))
    renamed["tested_overall_archived_20991231"] = renamed.pop(
        "tested_overall_archived_20230331"
    )
    loaded = cd.normalise("x", {"GM0344": renamed}, catalog_url="-", origin="snapshot")
    assert (loaded.observations["measure"] == "positieve_testen").sum() == len(
        raw_series(raw("GM0344"), "tested_overall")
    )


def test_series_without_the_field_is_an_error():
    document = copy.deepcopy(raw("GM0344"))
    for row in raw_series(document, "deceased_rivm"):
        row.pop("covid_daily")
    with pytest.raises(SourceError, match="covid_daily"):
        cd.normalise("x", {"GM0344": document}, catalog_url="-", origin="snapshot")


def test_read_folder_names_a_missing_code():
    with pytest.raises(SourceError, match="GM9999"):
        cd.read_folder(FOLDER, ["GM0344", "GM9999"])


# ------------------------------------------------------------------------ live path


class _Server:
    """Serves <CODE>.json from the snapshot (decompressed) on 127.0.0.1:<free port>."""

    def __init__(self, codes: list[str]):
        bodies = {}
        for code in codes:
            with gzip.open(FOLDER / f"{code}.json.gz", "rb") as handle:
                bodies[f"/{code}.json"] = handle.read()
        self.hits: list[str] = []
        self.status: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server API)
                server.hits.append(self.path)
                status = server.status.get(self.path)
                if status:
                    self.send_error(status)
                    return
                body = bodies.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.bodies = bodies
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


LIVE_CODES = ["GM0344", "GM0184", "VR09"]


@pytest.fixture
def live_server():
    with _Server(LIVE_CODES) as server:
        yield server


def test_live_fetch_equals_snapshot(live_server):
    fetched = cd.fetch(LIVE_CODES, live_server.url + "/", FAST)
    assert sorted(live_server.hits) == sorted(f"/{c}.json" for c in LIVE_CODES)
    live = cd.normalise("corona", fetched, catalog_url=live_server.url, origin="live")
    snap = cd.normalise(
        "corona",
        cd.read_folder(FOLDER, LIVE_CODES),
        catalog_url=str(FOLDER),
        origin="snapshot",
    )
    pd.testing.assert_frame_equal(live.observations, snap.observations)
    pd.testing.assert_frame_equal(live.measures, snap.measures)
    pd.testing.assert_frame_equal(live.areas, snap.areas)
    assert live.checksum() == snap.checksum()
    assert live.provenance.origin == "live" and snap.provenance.origin == "snapshot"
    assert live.provenance.cbs_modified == snap.provenance.cbs_modified
    assert set(live.observations["area_code"]) == {"GM0344", "GM0184"}  # VR09 is empty
    assert len(live.observations) > 3000


def test_live_http_500_is_retried_then_fails_clearly(live_server):
    live_server.status["/GM0184.json"] = 500
    with pytest.raises(SourceError) as raised:
        cd.fetch(["GM0344", "GM0184"], live_server.url, FAST)
    message = str(raised.value)
    assert "GM0184" in message and "HTTP 500" in message
    assert live_server.hits.count("/GM0184.json") == FAST.retries + 1


def test_live_http_404_fails_at_once(live_server):
    with pytest.raises(SourceError) as raised:
        cd.fetch(["GM0344", "GM0999"], live_server.url, FAST)
    message = str(raised.value)
    assert "GM0999" in message and "HTTP 404" in message
    assert live_server.hits.count("/GM0999.json") == 1


def test_live_document_of_another_area_is_refused(live_server):
    live_server.bodies["/GM0001.json"] = live_server.bodies["/GM0344.json"]
    with pytest.raises(SourceError, match="GM0001.*GM0344"):
        cd.fetch(["GM0001"], live_server.url, FAST)

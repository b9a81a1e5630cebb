"""Corona dashboard loader: values checked against the raw gzip JSON snapshot.

The daily count series are stored as ISO-week totals; the expected weeks are built
here from the raw files with the standard library (``date.isocalendar``), not with
the loader's pandas code.
"""

from __future__ import annotations

import copy
import functools
import gzip
import json
import math
import os
import re
import threading
import time
from datetime import date, datetime, timedelta, timezone
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


@functools.lru_cache(maxsize=None)
def iso(unix: int) -> str:
    return datetime.fromtimestamp(unix, tz=timezone.utc).date().isoformat()


# measure, series prefix, field of the daily count series (stored per ISO week)
COUNTS = [
    ("positieve_testen", "tested_overall", "infected"),
    ("ziekenhuisopnames", "hospital_nice", "admissions_on_date_of_admission"),
    ("overleden", "deceased_rivm", "covid_daily"),
]
WEEKLY_MEASURES = [measure for measure, _, _ in COUNTS]


@functools.lru_cache(maxsize=None)
def week_key(day: str) -> str:
    """CBS key of the ISO week of an ISO date: 2021-01-03 -> 2020W153."""
    year, week, _ = date.fromisoformat(day).isocalendar()
    return f"{year}W1{week:02d}"


@functools.lru_cache(maxsize=None)
def week_days(key: str) -> tuple[str, ...]:
    """The 7 ISO dates (Monday to Sunday) of a CBS week key."""
    monday = date.fromisocalendar(int(key[:4]), int(key[6:]), 1)
    return tuple((monday + timedelta(days=n)).isoformat() for n in range(7))


def raw_days(document: dict, prefix: str, field: str) -> dict[str, float | None]:
    """ISO date -> raw daily value (None for null); absent days are absent."""
    days: dict[str, float | None] = {}
    for row in raw_series(document, prefix):
        day = iso(row["date_unix"])
        assert day not in days, (prefix, day)
        days[day] = row[field]
    return days


def trailing_zero_days(days: dict[str, float | None]) -> tuple[set[str], str | None]:
    """The final run of zero (or null) days after the last non-zero day, when it
    lasts at least 7 days and at least 10 were expected in it at the mean daily count
    of the 28 days up to that last non-zero day; and that last non-zero day."""
    ordered = sorted(days)
    reported = [d for d in ordered if days[d] not in (None, 0)]
    if not reported:
        return set(), None
    last = ordered.index(reported[-1])
    run = set(ordered[last + 1 :])
    window = [days[d] or 0 for d in ordered[max(0, last - 27) : last + 1]]
    expected = sum(window) / len(window) * len(run)
    silent = len(run) >= 7 and expected >= 10
    return (run if silent else set()), reported[-1]


def raw_weeks(days: dict[str, float | None]) -> dict[str, tuple[float, str | None]]:
    """Week key -> (expected value, expected missing_reason), written out: the sum of
    7 non-null days, else NaN and how many of the 7 days have a value; a week with a
    day in the trailing run of zeros is missing as "no report"."""
    keys = sorted({week_key(day) for day in days})
    trailing, last = trailing_zero_days(days)
    expected = {}
    for key in keys:
        present = [days[d] for d in week_days(key) if days.get(d) is not None]
        if trailing.intersection(week_days(key)):
            reason = (
                f"geen melding meer: na de laatste melding ({last}) alleen nullen "
                "tot het einde van de bron"
            )
            expected[key] = (math.nan, reason)
        elif len(present) == 7:
            expected[key] = (sum(present), None)
        else:
            reason = f"onvolledige week: {len(present)} van 7 dagen in bron"
            expected[key] = (math.nan, reason)
    return expected


def weekly_rows(observations: pd.DataFrame, measure: str, area: str) -> pd.DataFrame:
    rows = observations[
        (observations["measure"] == measure) & (observations["area_code"] == area)
    ]
    return rows.set_index("period")


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
    assert (obs["dims"] == "").all()
    assert obs["value"].dtype == "float64"
    weekly = obs["measure"].isin(WEEKLY_MEASURES)
    # Counts per ISO week (CBS key YYYYW1ww, Monday to Sunday) ...
    weeks = obs[weekly]
    assert set(weeks["frequency"]) == {"W"}
    assert weeks["period"].str.fullmatch(r"\d{4}W1\d{2}").all()
    assert all(d.isoweekday() == 1 for d in weeks["period_start"].drop_duplicates())
    assert ((weeks["period_end"] - weeks["period_start"]) == timedelta(days=6)).all()
    # ... vaccination coverage per snapshot date, as before.
    snapshots = obs[~weekly]
    assert set(snapshots["frequency"]) == {"D"}
    assert (snapshots["period_start"].astype(str) == snapshots["period"]).all()


def test_full_snapshot_is_fast_enough(loaded):
    # Stored per week: ~183 thousand rows instead of ~1.24 million daily rows.
    assert loaded.timing_s < 60, loaded.timing_s
    assert 150_000 < len(loaded.observations) < 200_000


def test_all_gemeenten_weeks_against_the_raw_files(loaded):
    """Every gemeente file, read with gzip/json: the rows are exactly the ISO weeks
    with a day in the source, and the sum over the complete weeks equals the sum of
    the raw daily values on those weeks' days."""
    obs = loaded.observations
    rows = dict.fromkeys(WEEKLY_MEASURES, 0)
    total = dict.fromkeys(WEEKLY_MEASURES, 0)
    incomplete = dict.fromkeys(WEEKLY_MEASURES, 0)
    for code in (c for c in cd.snapshot_codes(FOLDER) if c.startswith("GM")):
        document = raw(code)
        for measure, prefix, field in COUNTS:
            days = raw_days(document, prefix, field)
            weeks = raw_weeks(days)
            rows[measure] += len(weeks)
            for key, (_, reason) in weeks.items():
                if reason is None:
                    total[measure] += sum(days[d] for d in week_days(key))
                else:
                    incomplete[measure] += 1
    for measure in WEEKLY_MEASURES:
        ours = obs[obs["measure"] == measure]
        assert len(ours) == rows[measure], measure
        assert ours["value"].sum() == total[measure], measure
        assert ours["value"].isna().sum() == incomplete[measure], measure
        reasons = ours["missing_reason"].dropna()
        assert (
            reasons.str.startswith("onvolledige week")
            | reasons.str.startswith("geen melding meer")
        ).all()
    # 342 gemeenten; positives 2020W110..2023W113 = 161 weeks, the last one partial.
    assert rows["positieve_testen"] == 342 * 161
    # Missing: every gemeente's partial last week, plus the weeks of trailing
    # zeros (e.g. Breda) that end before it.
    assert incomplete["positieve_testen"] > 342


@pytest.mark.parametrize("code", ["GM0344", "GM0518", "GM0363", "GM0088"])
def test_per_gemeente_weeks_equal_the_raw_file(loaded, code):
    document = raw(code)
    for measure, prefix, field in COUNTS:
        days = raw_days(document, prefix, field)
        expected = raw_weeks(days)
        ours = weekly_rows(loaded.observations, measure, code)
        assert sorted(ours.index) == sorted(expected)
        for key, (value, reason) in expected.items():
            row = ours.loc[key]
            if reason is None:
                assert row["value"] == value, (measure, key)
                assert row["missing_reason"] is None
            else:
                assert math.isnan(row["value"]), (measure, key)
                assert row["missing_reason"] == reason, (measure, key)
        # Sum over the complete weeks = raw daily values on exactly those days.
        complete = ours[ours["value"].notna()]
        on_those_days = [d for key in complete.index for d in week_days(key)]
        assert len(on_those_days) == 7 * len(complete)
        assert complete["value"].sum() == sum(days[d] for d in on_those_days)
        # Edge weeks: missing exactly when the series starts after a Monday or
        # ends before a Sunday (positives start on Monday 2020-03-02).
        first, last = date.fromisoformat(min(days)), date.fromisoformat(max(days))
        first_week = ours.loc[week_key(first.isoformat()), "value"]
        last_week = ours.loc[week_key(last.isoformat()), "value"]
        assert math.isnan(first_week) == (first.isoweekday() != 1), measure
        assert math.isnan(last_week) == (last.isoweekday() != 7), measure
        assert math.isnan(last_week)  # all three series stop mid-week


def test_specific_weekly_values(loaded):
    obs = loaded.observations
    document = raw("GM0344")
    positives = raw_days(document, "tested_overall", "infected")
    admissions = raw_days(document, "hospital_nice", "admissions_on_date_of_admission")
    deaths = raw_days(document, "deceased_rivm", "covid_daily")

    def week(measure: str, key: str):
        return lookup(obs, measure, "GM0344", key)

    # ISO week 15 of 2020 = Monday 6 April .. Sunday 12 April 2020.
    assert week("positieve_testen", "2020W115")["value"] == (
        positives["2020-04-06"]
        + positives["2020-04-07"]
        + positives["2020-04-08"]
        + positives["2020-04-09"]
        + positives["2020-04-10"]
        + positives["2020-04-11"]
        + positives["2020-04-12"]
    )
    # Around New Year the ISO year counts: 2020-12-28 .. 2021-01-03 is 2020W153,
    # and 2021W101 starts on Monday 4 January 2021.
    assert week("positieve_testen", "2020W153")["value"] == (
        positives["2020-12-28"]
        + positives["2020-12-29"]
        + positives["2020-12-30"]
        + positives["2020-12-31"]
        + positives["2021-01-01"]
        + positives["2021-01-02"]
        + positives["2021-01-03"]
    )
    assert week("positieve_testen", "2021W101")["value"] == (
        positives["2021-01-04"]
        + positives["2021-01-05"]
        + positives["2021-01-06"]
        + positives["2021-01-07"]
        + positives["2021-01-08"]
        + positives["2021-01-09"]
        + positives["2021-01-10"]
    )
    assert obs[obs["period"].isin(["2021W153", "2020W101"])].empty
    # 2022-01-01 (Saturday) and 2022-01-02 (Sunday) are in 2021W152.
    assert week("overleden", "2021W152")["value"] == (
        deaths["2021-12-27"]
        + deaths["2021-12-28"]
        + deaths["2021-12-29"]
        + deaths["2021-12-30"]
        + deaths["2021-12-31"]
        + deaths["2022-01-01"]
        + deaths["2022-01-02"]
    )
    assert week("ziekenhuisopnames", "2021W115")["value"] == (
        admissions["2021-04-12"]
        + admissions["2021-04-13"]
        + admissions["2021-04-14"]
        + admissions["2021-04-15"]
        + admissions["2021-04-16"]
        + admissions["2021-04-17"]
        + admissions["2021-04-18"]
    )
    # Edges: positives run Mon 2020-03-02 .. Fri 2023-03-31, so the first week is
    # complete and the last one has 5 days: missing, not a partial sum.
    assert week("positieve_testen", "2020W110")["value"] == sum(
        positives[f"2020-03-0{d}"] for d in range(2, 9)
    )
    last = week("positieve_testen", "2023W113")
    assert max(positives) == "2023-03-31"
    assert math.isnan(last["value"])
    assert last["missing_reason"] == "onvolledige week: 5 van 7 dagen in bron"
    # Deaths start on Friday 2020-02-28: 3 of 7 days in 2020W109.
    first = week("overleden", "2020W109")
    assert min(deaths) == "2020-02-28"
    assert math.isnan(first["value"])
    assert first["missing_reason"] == "onvolledige week: 3 van 7 dagen in bron"
    # Hospital admissions have real gaps: Sundays 2024-02-18 and 2024-02-25 are not
    # in the source, so weeks 7 and 8 of 2024 are incomplete, not totals of 6 days.
    # Rotterdam still reports then (last admission 2024-02-22, a run of zeros
    # shorter than a week after it); Utrecht has only zeros after 2024-01-09.
    rotterdam = raw_days(
        raw("GM0599"), "hospital_nice", "admissions_on_date_of_admission"
    )
    assert "2024-02-18" not in rotterdam and "2024-02-25" not in rotterdam
    for key, sunday in [("2024W107", "2024-02-18"), ("2024W108", "2024-02-25")]:
        assert week_days(key)[-1] == sunday
        row = lookup(obs, "ziekenhuisopnames", "GM0599", key)
        assert math.isnan(row["value"])
        assert row["missing_reason"] == "onvolledige week: 6 van 7 dagen in bron"
    assert lookup(obs, "ziekenhuisopnames", "GM0599", "2024W106")["value"] == sum(
        rotterdam[d] for d in week_days("2024W106")
    )
    _, last_admission = trailing_zero_days(admissions)
    assert last_admission == "2024-01-09"
    for key in ("2024W106", "2024W107", "2024W108"):
        row = week("ziekenhuisopnames", key)
        assert math.isnan(row["value"])
        assert row["missing_reason"] == cd.trailing_zero_reason(last_admission)
    assert obs[obs["period"] == "2024-02-18"].empty
    # The busiest complete week is the raw maximum of the 7-day sums.
    totals = [
        sum(positives[d] for d in week_days(key))
        for key in {week_key(d) for d in positives}
        if all(d in positives for d in week_days(key))
    ]
    ours = weekly_rows(obs, "positieve_testen", "GM0344")["value"]
    assert ours.max() == max(totals)


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
    vaccination = obs[~obs["measure"].isin(WEEKLY_MEASURES)]
    assert vaccination["value"].isna().sum() == 6


def test_measures_and_provenance(loaded):
    measures = loaded.measures.set_index("measure")
    for measure, prefix, field in COUNTS:
        assert measures.loc[measure, "unit"] == "aantal"
        assert measures.loc[measure, "title"].endswith(
            ("per week", "per week (opnamedatum)")
        )
        description = measures.loc[measure, "description"]
        assert "per week" in description
        assert "ISO-week (maandag t/m zondag)" in description
        assert f"{prefix}.{field}" in description
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


def test_null_day_makes_its_week_missing_never_a_partial_sum():
    document = copy.deepcopy(raw("GM0344"))
    positives = raw_series(document, "tested_overall")
    target = next(
        v for v in positives if iso(v["date_unix"]) == "2020-04-08"
    )  # a Wednesday in 2020W115
    assert target["infected"] > 0
    target["infected"] = None
    loaded = cd.normalise("x", {"GM0344": document}, catalog_url="-", origin="snapshot")
    row = lookup(loaded.observations, "positieve_testen", "GM0344", "2020W115")
    assert math.isnan(row["value"])
    assert row["missing_reason"] == "onvolledige week: 6 van 7 dagen in bron"
    # The neighbouring weeks are untouched; only this week leaves the total.
    before = raw_days(raw("GM0344"), "tested_overall", "infected")
    assert lookup(loaded.observations, "positieve_testen", "GM0344", "2020W114")[
        "value"
    ] == sum(before[d] for d in week_days("2020W114"))
    ours = weekly_rows(loaded.observations, "positieve_testen", "GM0344")
    complete_before = [
        key for key, (_, reason) in raw_weeks(before).items() if reason is None
    ]
    assert ours["value"].sum() == sum(
        before[d]
        for key in complete_before
        if key != "2020W115"
        for d in week_days(key)
    )
    # A week of nulls only: 0 of 7 days, still missing, never 0.
    for v in positives:
        if week_key(iso(v["date_unix"])) == "2021W110":
            v["infected"] = None
    loaded = cd.normalise("x", {"GM0344": document}, catalog_url="-", origin="snapshot")
    row = lookup(loaded.observations, "positieve_testen", "GM0344", "2021W110")
    assert math.isnan(row["value"])
    assert row["missing_reason"] == "onvolledige week: 0 van 7 dagen in bron"


def test_trailing_zeros_at_the_end_of_a_source_are_missing_not_zero(loaded):
    """Breda's positives: 0 a day at the end of the archive while the country still
    reports; the last weeks are "no report", never "0,0"."""
    days = raw_days(raw("GM0758"), "tested_overall", "infected")
    ordered = sorted(days)
    last_report = max(d for d in ordered if days[d])
    zeros_after = [d for d in ordered if d > last_report]
    assert len(zeros_after) >= 7 and all(days[d] == 0 for d in zeros_after)
    for key in sorted({week_key(d) for d in zeros_after}):
        row = lookup(loaded.observations, "positieve_testen", "GM0758", key)
        assert math.isnan(row["value"]), key
        assert row["missing_reason"] == cd.trailing_zero_reason(last_report)
    # The week of the last report still has its sum when it is complete.
    week = week_key(last_report)
    if not set(week_days(week)) & set(zeros_after):
        row = lookup(loaded.observations, "positieve_testen", "GM0758", week)
        assert row["value"] == sum(days[d] for d in week_days(week))


def test_a_quiet_area_keeps_its_zeros_at_the_end_of_the_deaths_series(loaded):
    """Deaths are rare in a small gemeente: months without one are real zeros, not
    "no report", while the country still reports deaths on the source's last day.
    Only a run where at least 10 were expected at the area's own pace (mean of the
    28 days up to its last report) is "no report"; written out per gemeente here."""
    codes = sorted(p.name[:6] for p in FOLDER.glob("GM*.json.gz"))
    codes = [c for c in codes if c[2:].isdigit()]
    quiet = silent = None
    country_last = ""
    for code in codes:
        days = raw_days(raw(code), "deceased_rivm", "covid_daily")
        ordered = sorted(days)
        reported = [d for d in ordered if days[d]]
        if not reported:
            continue
        country_last = max(country_last, reported[-1])
        last = ordered.index(reported[-1])
        run = len(ordered) - 1 - last
        window = [days[d] or 0 for d in ordered[max(0, last - 27) : last + 1]]
        expected = sum(window) / len(window) * run
        if run >= 35 and expected < 10 and quiet is None:
            quiet = (code, ordered, reported[-1])
        if run >= 7 and expected >= 10 and silent is None:
            silent = (code, reported[-1])
    assert quiet is not None, "geen stille gemeente in de bron gevonden"
    code, ordered, last_report = quiet
    assert country_last > last_report  # the source still reported elsewhere
    weeks = sorted({week_key(d) for d in ordered if d > last_report})
    full = [k for k in weeks if set(week_days(k)) <= set(ordered)]
    assert len(full) >= 4
    for key in full[1:]:  # the week of the last report may hold it
        row = lookup(loaded.observations, "overleden", code, key)
        assert row["value"] == 0, (code, key)
    if silent is not None:  # a busy area that fell silent is "no report"
        code, last_report = silent
        key = sorted({week_key(d) for d in ordered if d > last_report})[-2]
        row = lookup(loaded.observations, "overleden", code, key)
        assert math.isnan(row["value"])


def test_a_short_run_of_zeros_at_the_end_stays_zero():
    """Fewer than 7 zero days at the end are ordinary quiet days: kept as 0."""
    document = copy.deepcopy(raw("GM0344"))
    positives = raw_series(document, "tested_overall")
    ordered = sorted(positives, key=lambda v: v["date_unix"])
    # The last full week (Monday..Sunday) before the partial final week.
    sundays = [
        v for v in ordered if date.fromisoformat(iso(v["date_unix"])).isoweekday() == 7
    ]
    sunday = sundays[-1]
    key = week_key(iso(sunday["date_unix"]))
    for v in ordered:
        if v["date_unix"] > sunday["date_unix"]:
            v["infected"] = 0
    tail = [v for v in ordered if v["date_unix"] > sunday["date_unix"]]
    assert 0 < len(tail) < 7
    sunday["infected"] = 0  # the run is still shorter than a week
    loaded = cd.normalise("x", {"GM0344": document}, catalog_url="-", origin="snapshot")
    row = lookup(loaded.observations, "positieve_testen", "GM0344", key)
    week = [v["infected"] for v in ordered if week_key(iso(v["date_unix"])) == key]
    assert len(week) == 7 and row["value"] == sum(week)
    # Seven zero days or more at the end: that week is no longer a figure.
    for v in ordered[-7 - len(tail) :]:
        v["infected"] = 0
    loaded = cd.normalise("x", {"GM0344": document}, catalog_url="-", origin="snapshot")
    row = lookup(loaded.observations, "positieve_testen", "GM0344", key)
    assert math.isnan(row["value"])
    assert row["missing_reason"].startswith("geen melding meer")


def test_iso_weeks_of_a_small_document():
    """Days around two New Years, with a gap: written-out weeks and sums."""

    def unix(day: str) -> int:
        return int(datetime.fromisoformat(day).replace(tzinfo=timezone.utc).timestamp())

    days = [f"2020-12-{d}" for d in range(28, 32)] + [
        "2021-01-01",
        "2021-01-02",
        "2021-01-03",  # Sunday: still 2020W153
        "2021-01-04",  # Monday: 2021W101, alone
        "2024-12-30",  # Monday in ISO year 2025
        "2024-12-31",
    ]
    document = {
        "code": "GM0001",
        "tested_overall_archived_20230331": {
            "values": [
                {"date_unix": unix(day), "infected": n + 1}
                for n, day in enumerate(days)
            ]
        },
    }
    loaded = cd.normalise("x", {"GM0001": document}, catalog_url="-", origin="snapshot")
    obs = loaded.observations.set_index("period")
    assert list(obs.index) == ["2020W153", "2021W101", "2025W101"]
    assert obs.loc["2020W153", "value"] == 1 + 2 + 3 + 4 + 5 + 6 + 7
    assert str(obs.loc["2020W153", "period_start"]) == "2020-12-28"
    assert str(obs.loc["2020W153", "period_end"]) == "2021-01-03"
    assert math.isnan(obs.loc["2021W101", "value"])
    assert obs.loc["2021W101", "missing_reason"] == (
        "onvolledige week: 1 van 7 dagen in bron"
    )
    assert math.isnan(obs.loc["2025W101", "value"])
    assert obs.loc["2025W101", "missing_reason"] == (
        "onvolledige week: 2 van 7 dagen in bron"
    )
    assert str(obs.loc["2025W101", "period_start"]) == "2024-12-30"


def test_a_day_twice_is_an_error_not_counted_twice():
    document = copy.deepcopy(raw("GM0344"))
    positives = raw_series(document, "tested_overall")
    positives.append(dict(positives[40]))
    with pytest.raises(SourceError, match="dubbele waarde positieve_testen GM0344"):
        cd.normalise("x", {"GM0344": document}, catalog_url="-", origin="snapshot")


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
    weeks = raw_weeks(raw_days(raw("GM0344"), "tested_overall", "infected"))
    assert (loaded.observations["measure"] == "positieve_testen").sum() == len(weeks)


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
    weekly = live.observations[live.observations["measure"].isin(WEEKLY_MEASURES)]
    assert len(weekly) == sum(
        len(raw_weeks(raw_days(raw(code), prefix, field)))
        for code in ("GM0344", "GM0184")
        for _, prefix, field in COUNTS
    )
    assert len(weekly) > 1000


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

"""Corona waves (data_sources/golven.yaml) and the burden per wave of the service.

Expected figures are built here from the raw gzip JSON of the corona dashboard and
the raw CBS v4 observations of 03759ned, with the arithmetic written out.
"""

from __future__ import annotations

import gzip
import json
import math
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from dashboard.services import QueryError, Service
from data_sources.golven import GOLVEN_FILE, read_golven
from data_sources.model import SourceError

FIELD = "admissions_on_date_of_admission"


def raw_admissions(folder: Path, code: str) -> dict[date, float]:
    with gzip.open(folder / f"{code}.json.gz", "rt", encoding="utf-8") as handle:
        document = json.load(handle)
    (key,) = [k for k in document if k.startswith("hospital_nice_archived_")]
    return {
        datetime.fromtimestamp(v["date_unix"], tz=timezone.utc).date(): v[FIELD]
        for v in document[key]["values"]
    }


def raw_population(snapshot_dir: Path, code: str, year: int) -> float:
    """03759ned, 1 January (M000352), from the raw v4 observations page."""
    path = snapshot_dir / "cbs-v4" / "03759ned" / "observations-page-1.json"
    rows = json.loads(path.read_text(encoding="utf-8"))["value"]
    (value,) = [
        r["Value"]
        for r in rows
        if r["Measure"] == "M000352"
        and r["RegioS"].strip() == code
        and r["Perioden"] == f"{year}JJ00"
    ]
    return float(value)


@pytest.fixture(scope="module")
def national_weeks(snapshot_dir) -> dict[date, float]:
    """Monday of each ISO week -> national admissions (sum over all gemeente files)."""
    folder = snapshot_dir / "coronadashboard"
    weeks: dict[date, float] = {}
    for path in sorted(folder.glob("GM[0-9]*.json.gz")):
        code = path.name.split(".")[0]
        for day, value in raw_admissions(folder, code).items():
            monday = day - timedelta(days=day.weekday())
            weeks[monday] = weeks.get(monday, 0.0) + (value or 0.0)
    return weeks


@pytest.fixture(scope="module")
def service(shared_service) -> Service:
    return shared_service  # one memo for the session


def test_the_waves_file_validates_and_covers_the_corona_years():
    waves = read_golven()
    assert waves.waves[0].start == date(2020, 3, 2)
    assert waves.waves[-1].end.year == 2022
    assert waves.source_url.startswith("https://")


def test_each_wave_runs_from_trough_to_trough_with_its_peak(national_weeks):
    """The file's rule, checked on the raw national series: the peak is the
    busiest week of the wave, and each wave ends in the quietest week between its
    peak and the next wave's peak."""
    waves = read_golven().waves
    for wave, following in zip(waves, waves[1:] + [None]):
        inside = {
            m: v for m, v in national_weeks.items() if wave.start <= m <= wave.end
        }
        peak_monday = max(inside, key=inside.get)
        assert peak_monday.isocalendar()[:2] == (
            int(wave.peak[:4]),
            int(wave.peak[-2:]),
        ), wave.id
        if following is None:
            continue
        next_peak = date.fromisocalendar(
            int(following.peak[:4]), int(following.peak[-2:]), 1
        )
        between = {
            m: v for m, v in national_weeks.items() if peak_monday <= m <= next_peak
        }
        trough = min(between, key=between.get)
        assert trough == wave.end - timedelta(days=6), wave.id


@pytest.mark.parametrize(
    "change, message",
    [
        (("start: 2020-03-02", "start: 2020-03-03"), "van een maandag"),
        (("peak: 2020W113", "peak: 2020W130"), "piek 2020W130 ligt niet in de golf"),
        (("start: 2020-07-06", "start: 2020-07-13"), "begint niet de dag na"),
    ],
)
def test_a_broken_waves_file_is_refused_with_one_line(tmp_path, change, message):
    text = GOLVEN_FILE.read_text(encoding="utf-8")
    assert change[0] in text
    path = tmp_path / "golven.yaml"
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        read_golven(path)


def test_burden_per_wave_equals_the_raw_sum_over_the_population(service, snapshot_dir):
    folder = snapshot_dir / "coronadashboard"
    burden = service.wave_burden("ziekenhuisopnames")
    for code in ("GM0599", "GM0518", "GM0363"):
        days = raw_admissions(folder, code)
        # 2e golf: Monday 2020-07-06 up to and including Sunday 2020-11-29.
        wave_days = [date(2020, 7, 6) + timedelta(days=n) for n in range(147)]
        assert wave_days[-1] == date(2020, 11, 29)
        assert all(days.get(d) is not None for d in wave_days)
        count = sum(days[d] for d in wave_days)
        expected = count / raw_population(snapshot_dir, code, 2020) * 100_000
        row = burden[(burden["area_code"] == code) & (burden["wave"] == "golf-2")]
        assert len(row) == 1
        assert row.iloc[0]["count"] == count
        assert math.isclose(row.iloc[0]["per_100k"], expected, rel_tol=1e-12)
    # Ranked among the gemeenten of the 16, 1 = the highest burden.
    wave = burden[burden["wave"] == "golf-2"].dropna(subset=["per_100k"])
    best = wave.sort_values("per_100k", ascending=False).iloc[0]
    assert best["rang"] == 1
    assert (wave["nederland"] == wave["nederland"].iloc[0]).all()
    assert wave["nederland_dekking"].iloc[0].endswith("van 342 gemeenten")


def test_a_gebied_gets_its_gemeente_burden_labelled_and_ranked(service):
    gebied = service.wave_burden("ziekenhuisopnames", "rotterdam-zuid")
    gemeente = service.wave_burden("ziekenhuisopnames", "GM0599")
    assert list(gebied["per_100k"]) == list(gemeente["per_100k"])
    assert gebied["level_note"].str.contains("gemeente Rotterdam").all()
    assert (gemeente["level_note"] == "").all()
    everyone = service.wave_burden("ziekenhuisopnames")
    ranks = everyone[everyone["area_code"] == "GM0599"].set_index("wave")["rang"]
    assert list(gebied.set_index("wave")["rang"]) == list(ranks)


def test_a_wave_with_a_missing_week_has_no_total_but_a_reason(service):
    burden = service.wave_burden("overleden")
    missing = burden[burden["per_100k"].isna()]
    assert len(missing)  # deaths end in long runs of zeros (no report)
    assert missing["missing_reason"].str.contains("weken ontbreken").all()


def test_the_corona_default_period_is_the_national_peak(service, national_weeks):
    corona_years = {
        m: v
        for m, v in national_weeks.items()
        if date(2020, 3, 1) <= m <= date(2022, 12, 31)
    }
    peak = max(corona_years, key=corona_years.get)
    year, week, _ = peak.isocalendar()
    assert service.default_period("ziekenhuisopnames") == f"{year}W1{week:02d}"
    # Not a corona series: the latest period.
    latest = service.series("woninginbraak", "NL01").dropna(subset=["value"])
    assert service.default_period("woninginbraak") == latest.iloc[-1]["period"]


@pytest.mark.parametrize(
    "indicator, area, message",
    [
        ("woninginbraak", None, "geen ziektelast per golf"),
        ("ziekenhuisopnames", "VR17", "alleen per gemeente"),
        ("ziekenhuisopnames", "nergens", "onbekend"),
    ],
)
def test_bad_burden_requests_are_a_query_error(service, indicator, area, message):
    with pytest.raises(QueryError, match=message):
        service.wave_burden(indicator, area)

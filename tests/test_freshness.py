"""The next expected release of a source, from its stated frequency and release date
(data_sources.freshness), and a cache made before those columns existed."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from data_sources.freshness import next_release

TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("frequency", "released", "months", "rhythm"),
    [
        ("Per jaar", "2026-06-23T00:00:00+02:00", 12, "jaarlijks"),
        ("Perjaar", "2026-02-17", 12, "jaarlijks"),  # v3 TableInfos spelling
        ("Per kwartaal", "2026-10-30T06:30:00+01:00", 3, "elk kwartaal"),
        ("Per maand", "2026-11-16", 1, "maandelijks"),
    ],
)
def test_the_next_release_is_one_period_after_the_last(
    frequency, released, months, rhythm
):
    got = next_release(frequency, released, TODAY)
    day = dt.date.fromisoformat(released[:10])
    index = day.month - 1 + months
    assert got.expected == dt.date(day.year + index // 12, index % 12 + 1, 1)
    assert got.rhythm == rhythm and not got.overdue
    assert got.text.startswith("rond ") and got.text.endswith(f", {rhythm}")


def test_a_passed_expectation_says_newer_figures_may_exist():
    got = next_release("Per maand", "2026-06-30", TODAY)
    assert got.overdue and "voorbij" in got.text and "juli 2026" in got.text


@pytest.mark.parametrize(
    ("frequency", "released", "says"),
    [
        (None, "2026-06-30", "noemt geen publicatiefrequentie"),
        ("Onregelmatig", "2026-06-30", "onregelmatig"),
        ("Per jaar", None, "noemt geen publicatiedatum"),
        ("Per jaar", "niet-een-datum", "noemt geen publicatiedatum"),
    ],
)
def test_without_the_facts_there_is_no_guess(frequency, released, says):
    got = next_release(frequency, released, TODAY)
    assert got.expected is None and says in got.text and "rond" not in got.text


def test_a_cache_from_before_the_schedule_columns_gets_them(tmp_path):
    from data_sources.cache import Cache, sources

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = sa.create_engine(url)
    old = sa.MetaData()
    added = ("frequency", "release_date")
    sa.Table(
        "sources",
        old,
        *[sa.Column(c.name, c.type) for c in sources.columns if c.name not in added],
    )
    old.create_all(engine)
    engine.dispose()
    cache = Cache(url)
    names = {c["name"] for c in sa.inspect(cache.engine).get_columns("sources")}
    assert {"frequency", "release_date"} <= names
    assert list(cache.sources().columns) == [c.name for c in sources.columns]

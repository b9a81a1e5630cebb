"""Over: one row per source table with its dates and expected next release, and a
toegankelijkheidsverklaring with the parts of the Dutch model."""

from __future__ import annotations

import json

import pytest
from page_helpers import page_module, text_of

from dashboard.formatting import format_date


@pytest.fixture(scope="module")
def app(snapshot_app):
    return snapshot_app


@pytest.fixture(scope="module")
def service(snapshot_service):
    return snapshot_service


def test_every_table_once_with_its_dates_or_why_not(service, snapshot_dir):
    from dashboard.source_rows import source_rows

    rows = source_rows(service)
    loaded = service.sources()
    assert list(rows["table_id"]) == sorted(set(loaded["table_id"]))
    # 37789ksz is loaded twice (v3 and v4): one row, the v4 copy that states its date
    assert (loaded["table_id"] == "37789ksz").sum() == 2
    row = rows.set_index("table_id").loc["37789ksz"]
    raw = json.loads(
        (snapshot_dir / "cbs-v4" / "37789ksz" / "properties.json").read_text("utf-8")
    )
    assert row["gewijzigd"] == format_date(raw["Modified"])
    assert "cbs_37789ksz_v3" in row["title"]
    assert raw["Frequency"] == "Per maand" and "maandelijks" in row["volgende"]
    unknown = rows[rows["gewijzigd"].str.startswith("onbekend")]
    assert len(unknown) and (unknown["gewijzigd"].str.len() > len("onbekend: ")).all()


def test_the_accessibility_statement_has_the_parts_of_the_dutch_model(app):
    page = page_module("over")
    text = text_of(page.layout())
    assert "Toegankelijkheidsverklaring" in text and "WCAG 2.1 niveau AA" in text
    assert "Status: " in text and "Een probleem melden" in text
    assert f"{page.ACCESSIBILITY_CHECKED}: automatische controle" in text
    for what, why, alternative in page.ACCESSIBILITY_EXCEPTIONS:
        assert what in text and f"Reden: {why}" in text
        assert f"Alternatief: {alternative}" in text


def test_the_method_section_states_the_coverage_threshold_and_the_indeling_rule(app):
    from data_sources.catalogue import read_catalogue

    text = text_of(page_module("over").layout())
    default = {i.coverage_threshold for i in read_catalogue().indicators}
    assert default == {0.8}
    assert "ten minste 80% van de inwoners" in text
    assert "'ten minste'" in text and "kleine aantallen als 0" in text
    assert "inwoners van hun voorgangers" in text

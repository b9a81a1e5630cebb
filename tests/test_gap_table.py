"""The Overzicht's coronakloof table, its CSV and Excel, and its URL state.

Expected figures are computed here from the raw snapshot files with the arithmetic
written out: the police document and 03759ned for a gebied with Nederland as the
reference (Rotterdam-Zuid, gemeente level), the ELAN wijk file for a gebied with the
rest of its gemeente as the reference (Den Haag Zuidwest). The page, the CSV and the
Excel file are then held against the same rows.
"""

from __future__ import annotations

import base64
import csv
import io

import pandas as pd
import pytest
from page_helpers import find, find_all, page_module, text_of

from dashboard import coronakloof as kloof
from dashboard.components import downloads, gap_card
from dashboard.url_state import ViewState
from dashboard.views import overzicht as views

ELAN = "cbs-extra/elan-wijkprofielen-haaglanden/df_count_ver_3.csv"
ZUIDWEST = {"WK051833", "WK051834", "WK051836"}  # gebieden.yaml, wijk_codes


@pytest.fixture(scope="module")
def app(snapshot_app):
    return snapshot_app  # shared by the modules that only read it


@pytest.fixture(scope="module")
def page(app):
    return page_module("overzicht")


@pytest.fixture(scope="module")
def service(app):
    from dashboard import state

    return state.service()


@pytest.fixture(scope="module")
def default_view(service):
    return views.gap_view(service, views.GapFilters())


@pytest.fixture(scope="module")
def elan(snapshot_dir) -> list[dict]:
    with open(snapshot_dir / ELAN, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def elan_share(rows, codes, year, column="%_Welfare_benefit_user") -> float:
    """Share in % weighted by Total_Population over the wijken with a value; a 0 in
    the file stands for fewer than 15 persons (zero_below: 15) and is no value."""
    numerator = denominator = 0.0
    for row in rows:
        if row["WKC"] in codes and row["YEAR"] == str(year) and float(row[column]) > 0:
            inhabitants = float(row["Total_Population"])
            numerator += float(row[column]) * inhabitants
            denominator += inhabitants
    return numerator / denominator * 100


def police_rate(police, population, offence, code, year) -> float:
    """Registered offences per 1.000 inwoners of one gemeente."""
    return police["counts"][offence][code][str(year)] / population[(code, year)] * 1000


def national_police_rate(police, population, offence, year) -> float:
    """Every gemeente of the police table except GM0000 (not placed, no inhabitants)
    over every gemeente's inhabitants in 03759ned that year."""
    count = sum(
        years[str(year)]
        for code, years in police["counts"][offence].items()
        if code != "GM0000"
    )
    inhabitants = sum(
        value
        for (code, y), value in population.items()
        if y == year and code.startswith("GM") and value is not None
    )
    return count / inhabitants * 1000


def row_of(view, area, indicator, after):
    frame = view.frame
    rows = frame[
        (frame["area_id"] == area)
        & (frame["indicator"] == indicator)
        & (frame["period_after"] == after)
    ]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def table_row(layout, area, indicator, after):
    (row,) = find_all(
        layout,
        lambda c: (
            getattr(c, "data-area", None) == area
            and getattr(c, "data-indicator", None) == indicator
            and getattr(c, "data-after", None) == after
        ),
    )
    return [text_of(cell) for cell in row.children]


# -- the figures ------------------------------------------------------------------


def test_den_haag_zuidwest_against_the_rest_of_den_haag_from_the_elan_file(
    default_view, elan
):
    den_haag = {r["WKC"] for r in elan if r["WKC"].startswith("WK0518")}
    rest = den_haag - ZUIDWEST
    for after in (2021, 2022):
        row = row_of(default_view, "den-haag-zuidwest", "bijstand-dh", f"{after}JJ00")
        gap_2019 = elan_share(elan, ZUIDWEST, 2019) - elan_share(elan, rest, 2019)
        gap_after = elan_share(elan, ZUIDWEST, after) - elan_share(elan, rest, after)
        assert row["reference_id"] == "rest-den-haag-zuidwest"
        assert row["reference_name"] == "de rest van de gemeente 's-Gravenhage"
        assert row["soort"] == "verschil" and row["unit"] == "%"
        assert row["gap_before"] == pytest.approx(gap_2019, rel=1e-9)
        assert row["gap_after"] == pytest.approx(gap_after, rel=1e-9)
        assert row["gap_change"] == pytest.approx(gap_after - gap_2019, rel=1e-9)
        widening = abs(gap_after) - abs(gap_2019)
        reference_2019 = elan_share(elan, rest, 2019)
        assert row["widening_pct_of_reference"] == pytest.approx(
            widening / reference_2019 * 100, rel=1e-9
        )


def test_rotterdam_zuid_against_nederland_from_the_police_and_population_files(
    default_view, service, police, population
):
    row = row_of(default_view, "rotterdam-zuid", "woninginbraak", "2022JJ00")
    area = {
        y: police_rate(police, population, "1.1.1", "GM0599", y) for y in (2019, 2022)
    }
    nl_2022 = national_police_rate(police, population, "1.1.1", 2022)
    assert row["reference_name"] == "Nederland"
    assert row["value_before"] == pytest.approx(area[2019], rel=1e-12)
    assert row["value_after"] == pytest.approx(area[2022], rel=1e-12)
    assert row["reference_after"] == pytest.approx(nl_2022, rel=1e-9)
    assert row["gap_after"] == pytest.approx(area[2022] - nl_2022, rel=1e-9)
    # Nederland 2019 is the sum over the gemeenten whose 2019 population exists on
    # today's boundaries (338 of 343), so only 2021 and later are written out here.
    assert row["gap_before"] == pytest.approx(
        area[2019] - row["reference_before"], rel=1e-12
    )
    assert "gemeente Rotterdam" in row["level_note"]  # gemeente level, labelled
    assert row["status"] == "definitief"


def test_a_pair_from_the_url_written_out_for_rotterdam_zuid(
    service, police, population
):
    filters = views.resolve_filters(
        service,
        {"kloof_voor": "2021", "kloof_na": "2022", "kloof_gebied": "rotterdam-zuid"},
        ViewState(),
    )
    view = views.gap_view(service, filters)
    for indicator, offence in (("woninginbraak", "1.1.1"), ("mishandeling", "1.4.5")):
        row = row_of(view, "rotterdam-zuid", indicator, "2022JJ00")
        gaps = [
            police_rate(police, population, offence, "GM0599", y)
            - national_police_rate(police, population, offence, y)
            for y in (2021, 2022)
        ]
        assert row["gap_before"] == pytest.approx(gaps[0], rel=1e-9)
        assert row["gap_after"] == pytest.approx(gaps[1], rel=1e-9)
        assert row["gap_change"] == pytest.approx(gaps[1] - gaps[0], rel=1e-9)


def test_a_count_gets_growth_in_percent_and_no_gap(default_view, police):
    row = row_of(default_view, "rotterdam-zuid", "woninginbraak-aantal", "2021JJ00")
    counts = police["counts"]["1.1.1"]["GM0599"]
    assert row["soort"] == "groei"
    assert row["growth"] == pytest.approx((counts["2021"] / counts["2019"] - 1) * 100)
    assert pd.isna(row["gap_before"]) and pd.isna(row["gap_after"])


def test_default_order_puts_the_most_widened_gap_first_and_counts_last(default_view):
    frame = default_view.frame
    gaps = frame[frame["soort"] == "verschil"]
    counts = frame[frame["soort"] == "groei"]
    assert len(gaps) and len(counts)
    assert gaps.index.max() < counts.index.min()
    # written out: (|gap after| - |gap before|) / |reference before| x 100, descending
    key = (
        (gaps["gap_after"].abs() - gaps["gap_before"].abs())
        / gaps["reference_before"].abs()
        * 100
    )
    assert list(key) == sorted(key, reverse=True)
    assert list(counts["growth_difference"]) == sorted(
        counts["growth_difference"], reverse=True
    )


def test_sort_by_gebied_and_the_filters(service):
    by_name = views.gap_view(service, views.GapFilters(sort="gebied"))
    names = list(by_name.frame["area_name"])
    assert names == sorted(names)
    chosen = views.gap_view(
        service, views.GapFilters(domain="veiligheid", gebied="rotterdam-zuid")
    )
    assert set(chosen.frame["area_id"]) == {"rotterdam-zuid"}
    domains = {service.indicator(i).domain for i in chosen.frame["indicator"]}
    assert domains == {"veiligheid"}


def test_a_chosen_pair_with_a_provisional_year_is_marked(service, police, population):
    view = ViewState()
    filters = views.resolve_filters(
        service,
        {"kloof_voor": "2019", "kloof_na": "2024", "kloof_gebied": "rotterdam-zuid"},
        view,
    )
    assert not view.notices and filters.pair == ("2019", "2024")
    gap_view = views.gap_view(service, filters)
    row = row_of(gap_view, "rotterdam-zuid", "woninginbraak", "2024JJ00")
    assert 2024 in police["provisional"]  # the source marks 2024 provisional
    assert row["status"] == "voorlopig"
    assert views.periods_cell(row) == "2019 → 2024 (voorlopig)"
    expected = police_rate(police, population, "1.1.1", "GM0599", 2024)
    assert row["value_after"] == pytest.approx(expected, rel=1e-12)
    assert any("Voorlopig" in note for note in gap_view.notes)


def test_what_cannot_be_answered_is_grouped_by_reason_in_dutch(default_view):
    groups = {g.code: g for g in default_view.reasons}
    online = groups[kloof.NOT_CACHED]
    assert online.heading == "Alleen online: de tabel zit niet in deze gegevens"
    assert any("84583NED" in line and "16 gebieden" in line for line in online.lines)
    before = groups[kloof.NO_BEFORE]
    assert any("positief geteste" in line for line in before.lines)
    # a line that holds for several gebieden names none of them as if it were one
    for group in default_view.reasons:
        for line in group.lines:
            assert "Amsterdam Nieuw-West: " not in line or "geldt voor" in line


# -- the page ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def default_layout(page):
    return page.layout()


def test_the_page_table_shows_the_view_rows_in_dutch_format(
    page, default_layout, default_view, elan
):
    table = find(default_layout, gap_card.TABLE)
    rows = table.children[2].children
    assert len(rows) == min(views.SHOWN_ROWS, len(default_view.frame))
    first = default_view.frame.iloc[0]
    assert getattr(rows[0], "data-area") == first["area_id"]  # the same order
    assert getattr(rows[0], "data-indicator") == first["indicator"]
    layout = page.layout(kloof_gebied="den-haag-zuidwest", kloof_rijen="alle")
    cells = table_row(layout, "den-haag-zuidwest", "bijstand-dh", "2021JJ00")
    den_haag = {r["WKC"] for r in elan if r["WKC"].startswith("WK0518")}
    rest = den_haag - ZUIDWEST
    gap_2019 = elan_share(elan, ZUIDWEST, 2019) - elan_share(elan, rest, 2019)
    gap_2021 = elan_share(elan, ZUIDWEST, 2021) - elan_share(elan, rest, 2021)
    assert cells[0] == "Den Haag Zuidwest"
    assert cells[2] == "de rest van de gemeente 's-Gravenhage"
    assert cells[3] == "2019 → 2021"
    assert cells[1].endswith("(procentpunt)")
    assert cells[4] == kloof.signed(gap_2019, 1)
    assert cells[5] == kloof.signed(gap_2021, 1)
    assert "," in cells[4]  # Dutch decimal comma
    layout = page.layout(kloof_gebied="rotterdam-zuid", kloof_rijen="alle")
    count = table_row(layout, "rotterdam-zuid", "woninginbraak-aantal", "2021JJ00")
    assert "aantal: groei in %" in count[1] and "in Nederland" in count[6]


def test_a_long_table_shows_its_first_rows_and_says_the_files_hold_all(
    default_layout, default_view, page
):
    total = len(default_view.frame)
    assert total > views.SHOWN_ROWS
    shown = text_of(find(default_layout, page.GAP))
    assert f"de eerste {views.SHOWN_ROWS} van {total} rijen" in shown
    link = find(default_layout, f"{gap_card.PREFIX}-alle")
    assert "kloof_rijen=alle" in link.href


def test_the_section_names_periods_and_sources(default_layout, page):
    shown = text_of(find(default_layout, page.GAP))
    assert "2019 → 2021 en 2019 → 2022" in shown
    assert "Bron: CBS" in shown and "Niet te beantwoorden" in shown


@pytest.mark.parametrize(
    "query, notice",
    [
        ({"kloof_sorteer": "omhoog"}, "kloof_sorteer: onbekende waarde 'omhoog'"),
        ({"kloof_domein": "sport"}, "kloof_domein: onbekende waarde 'sport'"),
        ({"kloof_voor": "20x9", "kloof_na": "2021"}, "ongeldige periode '20x9'"),
        ({"kloof_voor": "2022", "kloof_na": "2019"}, "2022 ligt niet vóór 2019"),
        ({"kloof_voor": "2019"}, "kies twee perioden"),
    ],
)
def test_a_bad_url_value_gives_a_notice_and_the_default_table(page, query, notice):
    layout = page.layout(**query)
    assert notice in text_of(find(layout, page.GAP_NOTICES))
    assert find(layout, gap_card.TABLE)  # the default table is still shown


def test_the_callback_writes_the_filters_to_the_address(page):
    body, shown, query = page.update_gap(
        "gebied", "veiligheid", "rotterdam-zuid", "2019", "2024", "nl"
    )
    assert not text_of(shown)
    search = page.write_address({"sorteer": "totaal", "gebied": []}, query, "nl")
    assert search == (
        "?sorteer=totaal&kloof_sorteer=gebied&kloof_domein=veiligheid"
        "&kloof_gebied=rotterdam-zuid&kloof_voor=2019&kloof_na=2024"
    )
    assert "(voorlopig)" in text_of(body)


def test_forged_callback_and_store_values_give_notices_not_errors(page):
    body, shown, query = page.update_gap({"x": 1}, ["a"], 12, "2019MM13", None, "nl")
    assert "onbekende waarde" in text_of(shown) or "ongeldige" in text_of(shown)
    assert page.write_address(["no"], {"kloof_domein": "<b>"}, 7) == "?sorteer=totaal"


# -- CSV and Excel ----------------------------------------------------------------


def spec_in(layout) -> dict:
    (store,) = find_all(
        layout,
        lambda c: (
            getattr(c, "id", None) == {"type": downloads.SPEC, "card": gap_card.PREFIX}
        ),
    )
    return store.data


def download(spec, fmt):
    file, status, _, _ = downloads.handle({"fmt": fmt}, spec, gap_card.PREFIX)
    assert isinstance(file, dict), status
    return file["filename"], base64.b64decode(file["content"])


def test_the_csv_holds_exactly_the_table_rows(page, service):
    layout = page.layout(
        kloof_domein="veiligheid",
        kloof_voor="2019",
        kloof_na="2024",
        kloof_rijen="alle",
    )
    name, data = download(spec_in(layout), "csv")
    assert name.startswith("overzicht_coronakloof_veiligheid_alle-gebieden_2019-2024_")
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    table = find(layout, gap_card.TABLE)
    shown = [
        (getattr(r, "data-area"), getattr(r, "data-indicator"))
        for r in table.children[2].children
    ]
    assert list(zip(frame["area_id"], frame["indicator"])) == shown
    for column in (
        "period_before_label",
        "period_after_label",
        "reference_name",
        "unit",
        "status",
        "table_id",
        "source",
        "fetched_at",
    ):
        assert frame[column].notna().all(), column
    assert set(frame["status"]) == {"voorlopig"}
    assert set(frame["table_id"]) == {"47018NED"}


def test_the_excel_file_has_the_rows_and_a_sources_sheet(page, service):
    from openpyxl import load_workbook

    layout = page.layout(kloof_gebied="den-haag-zuidwest")
    name, data = download(spec_in(layout), "xlsx")
    assert name.endswith(".xlsx") and "den-haag-zuidwest_2019-2021-2022" in name
    book = load_workbook(io.BytesIO(data))
    rows = list(book["Coronakloof"].iter_rows(values_only=True))
    view = views.gap_view(service, views.GapFilters(gebied="den-haag-zuidwest"))
    assert rows[0] == tuple(views.EXPORT_COLUMNS)
    assert len(rows) - 1 == len(view.frame)
    sources = [r[0] for r in book["Bronnen en definities"].iter_rows(values_only=True)]
    assert "Niet te beantwoorden" in sources and "Licenties" in sources


def test_formula_leading_names_are_neutralised(service, default_view):
    from openpyxl import load_workbook

    from dashboard.exports import gap_table

    hostile = default_view.frame.head(3).assign(area_name='=HYPERLINK("x")')
    view = views.GapView(
        default_view.filters, hostile, [], [], list(hostile["indicator"].unique())
    )
    text = gap_table.to_csv(view).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    book = load_workbook(io.BytesIO(gap_table.to_xlsx(service, view)))
    cell = book["Coronakloof"]["B2"]
    assert cell.value == '\'=HYPERLINK("x")' and cell.data_type == "s"


def test_a_forged_spec_gives_the_default_table_not_an_error(service):
    spec = downloads.gap_spec(
        service, {"kloof_voor": "=1+1", "kloof_na": "x"}, [], "nl"
    )
    name, data = download(spec, "csv")
    assert "2019-2021-2022" in name
    assert len(pd.read_csv(io.BytesIO(data), encoding="utf-8-sig"))

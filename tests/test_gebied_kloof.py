"""The Coronakloof on the gebied page, in its brief and in ``coronadash query``: the
same gaps, computed here from the raw files with the arithmetic written out.

Three gebieden x three indicators: Rotterdam-Zuid (police rates of Rotterdam, one
pair ending in the provisional 2024), Amsterdam Nieuw-West (Amsterdam, merged with
Weesp in 2022: the police table counts on today's boundaries, so the inhabitants of
the earlier years are Amsterdam + Weesp) and Den Haag Zuidwest (the ELAN share of its
own wijken against the rest of Den Haag, and police rates of Den Haag).
"""

from __future__ import annotations

import csv
import json

import pytest
from cli_run import run_cli
from page_helpers import classed, find, find_all, text_of

from dashboard.coronakloof import signed
from dashboard.views import kloof as kloof_views

# offence codes of 47018NED (data.json "counts")
WONINGINBRAAK, MISHANDELING, VERNIELING = "1.1.1", "1.4.5", "2.2.1"
FIETSDIEFSTAL, BEDREIGING = "1.2.3", "1.4.4"
CASES = [
    # gebied, indicator, offence (None: ELAN), gemeente codes, voor, na
    ("rotterdam-zuid", "woninginbraak", WONINGINBRAAK, ["GM0599"], 2019, 2024),
    ("rotterdam-zuid", "mishandeling", MISHANDELING, ["GM0599"], 2019, 2021),
    ("rotterdam-zuid", "vernieling", VERNIELING, ["GM0599"], 2019, 2022),
    (
        "amsterdam-nieuw-west",
        "woninginbraak",
        WONINGINBRAAK,
        ["GM0363", "GM0457"],
        2019,
        2021,
    ),
    (
        "amsterdam-nieuw-west",
        "fietsdiefstal",
        FIETSDIEFSTAL,
        ["GM0363", "GM0457"],
        2019,
        2022,
    ),
    (
        "amsterdam-nieuw-west",
        "bedreiging",
        BEDREIGING,
        ["GM0363", "GM0457"],
        2019,
        2025,
    ),
    ("den-haag-zuidwest", "bijstand-dh", None, ["GM0518"], 2019, 2021),
    ("den-haag-zuidwest", "woninginbraak", WONINGINBRAAK, ["GM0518"], 2019, 2022),
    ("den-haag-zuidwest", "mishandeling", MISHANDELING, ["GM0518"], 2019, 2021),
]
IDS = [f"{c[0]}-{c[1]}-{c[4]}-{c[5]}" for c in CASES]


@pytest.fixture(scope="module")
def app(snapshot_app):
    return snapshot_app  # shared by the modules that only read it


@pytest.fixture(scope="module")
def page(app):
    from page_helpers import page_module

    return page_module("gebied")


@pytest.fixture(scope="module")
def service(app):
    from dashboard import state

    return state.service()


@pytest.fixture(scope="module")
def elan(snapshot_dir) -> list[dict]:
    path = snapshot_dir / "cbs-extra" / "elan-wijkprofielen-haaglanden"
    with open(path / "df_count_ver_3.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# ------------------------------------------------------------ the arithmetic


def police_rate(police, population, offence, parts, year) -> float:
    """Registered offences of today's gemeente / inhabitants of the gemeenten that
    form it that year (Weesp has its own figure up to 1 January 2022) x 1.000."""
    count = police["counts"][offence][parts[0]][str(year)]
    inhabitants = sum(
        population[(code, year)]
        for code in parts
        if population.get((code, year)) is not None
    )
    return count / inhabitants * 1000


# Haaren (GM0788) was split over Boxtel, Oisterwijk, Tilburg and Vught in 2021: up to
# 2020 their counts on today's boundaries include part of Haaren, whose inhabitants
# cannot be split, so the national rate of those years leaves all five out (numerator
# and denominator of one indeling).
HAAREN_PARTS = {"GM0757", "GM0824", "GM0855", "GM0865"}
HAAREN = "GM0788"


def national_police_rate(police, population, offence, year) -> float:
    """All gemeenten of the police table (without GM0000 "niet in te delen") over
    all gemeenten of 03759ned that year x 1.000, without Haaren and its receivers
    before 2021."""
    left_out = HAAREN_PARTS | {HAAREN} if year <= 2020 else set()
    count = sum(
        per_year[str(year)]
        for code, per_year in police["counts"][offence].items()
        if code != "GM0000" and code not in left_out
    )
    inhabitants = sum(
        value
        for (code, y), value in population.items()
        if y == year
        and code.startswith("GM")
        and value is not None
        and code not in left_out
    )
    return count / inhabitants * 1000


def elan_weighted(elan, codes, year, column) -> float:
    """ELAN share (0-1 in the file) in %, weighted by Total_Population; a 0 is a
    suppressed small count, not a real 0, so it is left out."""
    pairs = [
        (float(row[column]) * 100, float(row["Total_Population"]))
        for row in elan
        if row["WKC"].strip() in codes
        and int(row["YEAR"]) == year
        and float(row[column]) > 0
    ]
    return sum(v * w for v, w in pairs) / sum(w for _, w in pairs)


def expected_pair(case, service, police, population, elan) -> dict:
    """Area and reference values of both years and the gaps, from the raw files."""
    gebied, _, offence, parts, voor, na = case
    values = {}
    for year in (voor, na):
        if offence is None:  # bijstand-dh: the gebied's wijken against the rest
            own = set(service.area(gebied).wijken)
            den_haag = {
                row["WKC"].strip()
                for row in elan
                if row["WKC"].startswith("WK0518") and int(row["YEAR"]) == year
            }
            area = elan_weighted(elan, own, year, "%_Welfare_benefit_user")
            reference = elan_weighted(
                elan, den_haag - own, year, "%_Welfare_benefit_user"
            )
        else:
            area = police_rate(police, population, offence, parts, year)
            reference = national_police_rate(police, population, offence, year)
        values[year] = (area, reference)
    gap_before = values[voor][0] - values[voor][1]
    gap_after = values[na][0] - values[na][1]
    return {
        "waarde_voor": values[voor][0],
        "waarde_na": values[na][0],
        "referentie_voor": values[voor][1],
        "referentie_na": values[na][1],
        "kloof_voor": gap_before,
        "kloof_na": gap_after,
        "verandering": gap_after - gap_before,
    }


# ----------------------------------------------------------------- the tests


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_page_shows_the_gap_computed_from_the_raw_files(
    case, page, service, police, population, elan
):
    gebied, indicator, offence, _, voor, na = case
    expected = expected_pair(case, service, police, population, elan)
    layout = page.layout(gebied_id=gebied, kloof_voor=str(voor), kloof_na=str(na))
    (item,) = find_all(layout, lambda c: getattr(c, "data-kloof", None) == indicator)
    sentence = text_of(classed(item, "kloof-zin"))
    decimals = service.indicator(indicator).decimals
    before = signed(expected["kloof_voor"], decimals)
    after = signed(expected["kloof_na"], decimals)
    if before == after:
        assert f"bleef gelijk: {before}" in sentence
    else:
        assert f"van {before}" in sentence and f"naar {after}" in sentence
    reference = "Nederland" if offence else "de rest van de gemeente 's-Gravenhage"
    assert f"Het verschil met {reference} in" in sentence
    if na >= 2024:
        assert f"{na} (voorlopig)" in sentence
    # The chart draws the four values behind the two gaps.
    graph = find(item, f"gebied-kloof-{indicator}-graph")
    area_bars, reference_bars = graph.figure.data
    assert list(area_bars.y) == pytest.approx(
        [expected["waarde_voor"], expected["waarde_na"]], rel=1e-9
    )
    assert list(reference_bars.y) == pytest.approx(
        [expected["referentie_voor"], expected["referentie_na"]], rel=1e-9
    )
    # A police rate is the gemeente's: it sits in the gemeente's block, labelled.
    block = "gebied-kloof-gemeente" if offence else "gebied-kloof-eigen"
    find(find(layout, block), f"gebied-kloof-{indicator}")
    if offence:
        assert "Cijfer van de gemeente" in sentence


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_cli_gives_the_same_gap(
    case, snapshot_cache, service, police, population, elan
):
    gebied, indicator, _, _, voor, na = case
    expected = expected_pair(case, service, police, population, elan)
    done = run_cli(
        snapshot_cache,
        *("query", "--indicator", indicator, "--area", gebied, "--json"),
        *("--kloof-voor", str(voor), "--kloof-na", str(na)),
    )
    assert done.returncode == 0, done.stderr
    (pair,) = json.loads(done.stdout)["kloof"]["paren"]
    for key, value in expected.items():
        assert pair[key] == pytest.approx(value, rel=1e-9), key
    view = kloof_views.kloof_view(service, service.area(gebied), str(voor), str(na))
    (item,) = [i for i in view.items if i.indicator.id == indicator]
    assert item.sentence == pair["zin"]


def test_a_count_gets_growth_in_percent_never_a_gap(page, service, police):
    layout = page.layout(gebied_id="rotterdam-zuid")
    (item,) = find_all(
        layout, lambda c: getattr(c, "data-kloof", None) == "woninginbraak-aantal"
    )
    sentence = text_of(classed(item, "kloof-zin"))
    counts = police["counts"][WONINGINBRAAK]["GM0599"]
    growth = (counts["2021"] / counts["2019"] - 1) * 100
    assert "Groei van woninginbraken (aantal) in Rotterdam van 2019 tot 2021: " in (
        sentence
    )
    assert f"{signed(growth, 1)}%" in sentence
    assert "Het verschil" not in sentence
    (bars, _) = find(item, "gebied-kloof-woninginbraak-aantal-graph").figure.data
    assert list(bars.y) == pytest.approx([growth], rel=1e-9)


def test_every_sentence_names_its_reference(service):
    for gebied in ("rotterdam-zuid", "den-haag-zuidwest", "amsterdam-nieuw-west"):
        view = kloof_views.kloof_view(service, service.area(gebied))
        assert view.items
        for item in view.items:
            assert (
                "Nederland" in item.sentence
                or "de rest van de gemeente" in item.sentence
            ), item.sentence


def test_what_cannot_be_answered_is_grouped_by_reason(page, service):
    layout = page.layout(gebied_id="rotterdam-zuid")
    block = find(layout, "gebied-kloof-niet")
    lines = [text_of(li) for li in find_all(block, lambda c: type(c).__name__ == "Li")]
    starts = [line.split(":")[0] for line in lines]
    assert len(starts) == len(set(starts))  # one line per reason
    (before,) = [line for line in lines if line.startswith("Geen cijfer vóór 2020:")]
    # laag-inkomen-wijk has only 2022 in the snapshot: no period before corona.
    assert service.indicator("laag-inkomen-wijk").title.nl in before
    (national,) = [line for line in lines if line.startswith("Alleen een landelijk")]
    assert service.indicator("bijstandsuitkeringen").title.nl in national


def test_the_pair_comes_from_the_url_and_is_written_back(page):
    layout = page.layout(
        gebied_id="den-haag-zuidwest", kloof_voor="2018", kloof_na="2022"
    )
    assert find(layout, page.KLOOF_VOOR).value == "2018"
    assert find(layout, page.KLOOF_NA).value == "2022"
    assert "Vergeleken: 2018 met 2022" in text_of(find(layout, page.KLOOF))
    context = {"gebied": "den-haag-zuidwest", "lang": "nl"}
    _, _, body, _, search = page.update_views(
        None, None, "2018", "2022", None, None, context
    )
    assert "kloof_voor=2018&kloof_na=2022" in search
    assert "Vergeleken: 2018 met 2022" in text_of(body)


@pytest.mark.parametrize(
    "voor, na, notice",
    [
        ("20x1", "2021", "kloof_voor: onbekende waarde '20x1'"),
        ("2019", "<script>", "kloof_na: onbekende waarde '<script>'"),
        ("2021", "2019", "de periode vóór (2021) moet eerder zijn"),
    ],
)
def test_a_bad_pair_gives_a_notice_and_the_default_pair(page, voor, na, notice):
    layout = page.layout(gebied_id="rotterdam-zuid", kloof_voor=voor, kloof_na=na)
    assert notice in text_of(layout)
    assert "Vergeleken: 2019 met 2021" in text_of(find(layout, page.KLOOF))
    context = {"gebied": "rotterdam-zuid", "lang": "nl"}
    _, _, body, _, search = page.update_views(None, None, voor, na, None, None, context)
    assert notice in text_of(body)
    assert "kloof_voor=2019&kloof_na=2021" in search


def test_a_pair_without_figures_for_a_rate_says_so_in_one_line(page, service):
    """The police counts go back to 2012, the inhabitants in this data to 2019: for
    2012-2013 the counts have a growth, the rates one grouped line."""
    layout = page.layout(gebied_id="rotterdam-zuid", kloof_voor="2012", kloof_na="2013")
    block = find(layout, "gebied-kloof-niet")
    lines = [text_of(li) for li in find_all(block, lambda c: type(c).__name__ == "Li")]
    (missing,) = [line for line in lines if line.startswith("Geen cijfer voor 2012")]
    assert missing.startswith("Geen cijfer voor 2012 en 2013: ")
    assert service.indicator("woninginbraak").title.nl in missing
    grown = find(layout, "gebied-kloof-woninginbraak-aantal")
    assert "van 2012 tot 2013" in text_of(grown)


def test_the_brief_holds_the_page_sentences(service):
    from dashboard.exports.brief import MAX_GAPS, brief_content

    for gebied in ("rotterdam-zuid", "den-haag-zuidwest"):
        view = kloof_views.kloof_view(service, service.area(gebied), "2019", "2022")
        content = brief_content(service, gebied, pictures=False, kloof=("2019", "2022"))
        assert content.gaps[0] == "Vergeleken: 2019 met 2022."
        sentences = [item.sentence for item in view.items]
        assert (
            content.gaps[1 : 1 + min(MAX_GAPS, len(sentences))]
            == (sentences[:MAX_GAPS])
        )
        for group in view.groups:
            assert group.line in content.gaps

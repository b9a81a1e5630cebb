"""Corona page: the numbers shown are the service's numbers; bad URLs give notices;
the measures timeline file validates and a broken copy is refused.

The app is built in-process on the session's snapshot cache; ``layout`` and the
callback body ``update`` are called directly, as Dash calls them for
``/corona?maat=...&periode=...&gebied=...``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from urllib.parse import parse_qsl

import dash
import pandas as pd
import pytest
import yaml
from page_helpers import find, table_rows, text_of

from dashboard.formatting import format_number, format_value
from data_sources.maatregelen import MAATREGELEN_FILE, read_maatregelen
from data_sources.model import SourceError

MEASURE = "positieve-testen"


# --------------------------------------------------------------------- helpers


def graph(component, graph_id):
    return find(component, graph_id).figure


# -------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def app(snapshot_app):
    return snapshot_app  # shared by the modules that only read it


@pytest.fixture(scope="module")
def page(app):
    for registered in dash.page_registry.values():
        if registered["module"].rsplit(".", 1)[-1] == "corona":
            return sys.modules[registered["module"]]
    raise LookupError("corona page not registered")


@pytest.fixture(scope="module")
def service(app):
    from dashboard import state

    return state.service()


@pytest.fixture(scope="module")
def default_layout(page):
    return page.layout()


def latest_national(service, measure):
    national = service.series(measure, "NL01")
    return national[national["value"].notna()]["period"].iloc[-1]


# ----------------------------------------------------------------------- tests


def test_url_serves_the_page(app):
    client = app.server.test_client()
    assert client.get("/corona?maat=onzin&gebied=x&periode=y").status_code == 200
    assert client.get("/geo/gemeenten.json").status_code == 200


def test_default_opens_on_the_national_peak_not_the_last_week(
    default_layout, page, service
):
    national = service.series(MEASURE, "NL01").dropna(subset=["value"])
    starts = pd.to_datetime(national["period_start"]).dt.date
    corona = national[
        (starts >= dt.date(2020, 3, 1)) & (starts <= dt.date(2022, 12, 31))
    ]
    peak = corona.loc[corona["value"].idxmax(), "period"]  # the highest week, 2020-2022
    assert find(default_layout, page.MEASURE_ID).value == MEASURE
    assert find(default_layout, page.PERIOD_ID).value == peak
    assert peak != latest_national(service, MEASURE)  # not 2023 week 12
    assert find(default_layout, page.AREA_ID).value == "GM0599"
    # the week names its wave, and the wave is in the control
    wave = next(
        w
        for w in service.waves().waves
        if w.start
        <= corona.loc[corona["period"] == peak, "period_start"].iloc[0]
        <= w.end
    )
    assert find(default_layout, page.WAVE_ID).value == wave.id
    assert wave.label in text_of(find(default_layout, page.SHOWN_ID))
    # the map of that week is not one colour
    values = service.map_values(MEASURE, "gemeente", peak)["value"].dropna()
    assert values.nunique() > 50
    assert "Een waarde" not in text_of(find(default_layout, page.NOTICES_ID))


def test_summary_equals_the_service_values(default_layout, page, service):
    week = find(default_layout, page.PERIOD_ID).value
    indicator = service.indicator(MEASURE)
    shown = text_of(find(default_layout, page.SUMMARY_ID))
    for area in ("GM0599", "NL01"):
        value = service.value(MEASURE, area, week)["value"]
        assert f"{format_value(value, 1, indicator.unit.nl)}" in shown
    assert "Rotterdam:" in shown and "Nederland:" in shown


def test_map_shows_every_gemeente_with_the_service_value(default_layout, page, service):
    week = find(default_layout, page.PERIOD_ID).value
    expected = service.map_values(MEASURE, "gemeente", week)
    figure = graph(default_layout, f"{page.MAP_CARD}-graph")
    assert figure.data[0].geojson == "/geo/gemeenten.json"
    assert sorted(figure.data[0].locations) == sorted(expected["area_id"])
    # the gemeenten of the 16 gebieden are outlined
    outlined = set(figure.data[1].locations)
    assert {"GM0599", "GM0518", "GM0363", "GM0344"} <= outlined
    rows = table_rows(find(default_layout, page.MAP_ID))[1:]
    shown = {code: value for _name, code, value in rows}
    assert len(shown) == len(expected)
    for row in expected.itertuples():
        assert shown[row.area_id] == format_number(row.value, 1), row.area_id


def test_trend_lines_and_table_equal_the_series(default_layout, page, service):
    series = service.series(MEASURE, "GM0599")
    national = service.series(MEASURE, "NL01")
    figure = graph(default_layout, f"{page.TREND_CARD}-graph")
    area_trace, nl_trace = figure.data[0], figure.data[1]
    assert area_trace.name == "Rotterdam" and nl_trace.name == "Nederland"
    pd.testing.assert_series_equal(
        pd.Series(area_trace.y, dtype=float), series["value"], check_names=False
    )
    pd.testing.assert_series_equal(
        pd.Series(nl_trace.y, dtype=float), national["value"], check_names=False
    )
    rows = table_rows(find(default_layout, page.TREND_ID))
    assert rows[0] == ["Periode", "Rotterdam", "Nederland"]
    by_label = {r[0]: r[1:] for r in rows[1:]}
    for row in series.itertuples():
        shown = by_label[row.period_label][0]
        assert shown == format_number(row.value, 1), row.period
    missing = series[series["value"].isna()]
    assert len(missing)  # the incomplete last week: shown as missing, never 0
    assert by_label[missing["period_label"].iloc[-1]][0] == "geen gegevens"


def test_national_measures_are_drawn_on_the_time_series(default_layout, page):
    events = read_maatregelen().frame()
    figure = graph(default_layout, f"{page.TREND_CARD}-graph")
    lines = [s for s in figure.layout.shapes if s.type == "line"]
    assert len(lines) == len(events)
    drawn = {pd.Timestamp(s.x0).date() for s in lines}
    assert dt.date(2021, 1, 23) in drawn and dt.date(2020, 3, 15) in drawn
    labels = {a.text for a in figure.layout.annotations}
    assert {"avondklok", "gedeeltelijke lockdown", "einde avondklok"} <= labels
    listed = text_of(find(default_layout, page.MAATREGELEN_ID))
    assert "23-01-2021" in listed and "avondklok" in listed
    footer = text_of(find(default_layout, page.TREND_ID))
    assert "Coronavirus tijdlijn" in footer


def test_gebied_shows_its_gemeente_figure_with_the_note(page, service):
    layout = page.layout(gebied="rotterdam-zuid", maat="overleden")
    note = text_of(find(layout, page.LEVEL_NOTE_ID))
    assert "cijfer van de gemeente Rotterdam" in note
    week = find(layout, page.PERIOD_ID).value
    gebied = service.value("overleden", "rotterdam-zuid", week)["value"]
    assert gebied == service.value("overleden", "GM0599", week)["value"]
    assert format_value(gebied, 1, "per 100.000 inwoners") in text_of(
        find(layout, page.SUMMARY_ID)
    )


def test_veiligheidsregio_and_all_gebieden(page, service):
    for area in ("VR17", "gebieden-16"):
        layout = page.layout(gebied=area, maat="ziekenhuisopnames", periode="2021W101")
        expected = service.value("ziekenhuisopnames", area, "2021W101")["value"]
        assert format_number(expected, 1) in text_of(find(layout, page.SUMMARY_ID))
        assert not text_of(find(layout, page.NOTICES_ID))


def test_vaccination_snapshots_are_bars_not_a_line(page, service):
    measure = "vaccinatie-volledig-18plus"
    layout = page.layout(maat=measure)
    options = [o["value"] for o in find(layout, page.PERIOD_ID).options]
    assert options == ["2022-09-04", "2022-06-19"]
    figure = graph(layout, f"{page.TREND_CARD}-graph")
    assert {trace.type for trace in figure.data} == {"bar"}
    series = service.series(measure, "GM0599")
    assert list(figure.data[0].y) == list(series["value"])
    assert "enkele peildata" in text_of(find(layout, page.TREND_ID))
    assert "(schatting)" in text_of(find(layout, page.SUMMARY_ID))  # NL: proxy base


@pytest.mark.parametrize(
    "query, names",
    [
        ({"maat": "griep"}, ["maat"]),
        ({"periode": "2019W101"}, ["periode"]),
        ({"gebied": "GM9999"}, ["gebied"]),
        ({"maat": "x", "periode": "y", "gebied": "z"}, ["maat", "periode", "gebied"]),
        ({"gebied": "<script>alert(1)</script>" * 30}, ["gebied"]),
        ({"periode": ["2021W101", "2021W102"], "gebied": ["GM0599"]}, []),
        ({"maat": "vaccinatie-volledig-18plus", "periode": "2021W101"}, ["periode"]),
        ({"lang": "fr"}, []),
    ],
)
def test_invalid_url_values_fall_back_with_a_notice(page, query, names):
    layout = page.layout(**query)
    notice = text_of(find(layout, page.NOTICES_ID))
    for name in names:
        assert f"{name}: onbekende waarde" in notice
    if not names:
        assert notice == ""
    assert find(layout, page.SUMMARY_ID).children is not None


def test_english_labels(page):
    layout = page.layout(lang="en")
    assert "Corona by municipality" in text_of(layout)
    assert find(layout, page.LANG_ID).data == "en"


def outputs(out) -> dict:
    names = (
        "options period area wave_options wave wave_disabled map trend summary note "
        "shown burden notices search"
    ).split()
    assert len(out) == len(names)
    return dict(zip(names, out))


def test_callback_keeps_the_week_and_writes_a_url_that_restores_the_view(page, service):
    out = outputs(
        page.update("ziekenhuisopnames", "2021W101", "GM0363", "nl", page.MEASURE_ID)
    )
    assert out["period"] == "2021W101" and out["area"] == "GM0363"
    assert out["wave"] == "golf-3"  # 2021 week 1 lies in the winter wave 2020-2021
    assert out["search"] == (
        "?maat=ziekenhuisopnames&periode=2021W101&gebied=GM0363&golf=golf-3"
    )
    restored = page.layout(**dict(parse_qsl(out["search"][1:])))
    assert text_of(find(restored, page.SUMMARY_ID)) == text_of(out["summary"])
    expected = service.value("ziekenhuisopnames", "GM0363", "2021W101")["value"]
    assert format_number(expected, 1) in text_of(out["summary"])


def test_choosing_a_wave_shows_its_national_peak_week(page, service):
    out = outputs(
        page.update(
            "ziekenhuisopnames", "2021W101", "GM0599", "nl", page.WAVE_ID, "golf-2"
        )
    )
    national = service.series("ziekenhuisopnames", "NL01").dropna(subset=["value"])
    starts = pd.to_datetime(national["period_start"]).dt.date
    # 2e golf: 2020-07-06 up to and including 2020-11-29 (golven.yaml)
    inside = national[
        (starts >= dt.date(2020, 7, 6)) & (starts <= dt.date(2020, 11, 29))
    ]
    assert out["period"] == inside.loc[inside["value"].idxmax(), "period"]
    assert out["wave"] == "golf-2" and "golf=golf-2" in out["search"]


def test_callback_takes_the_opening_period_when_the_week_does_not_exist(page, service):
    out = outputs(
        page.update(
            "vaccinatie-volledig-18plus", "2021W101", "GM0599", "en", page.MEASURE_ID
        )
    )
    assert out["period"] == "2022-09-04"  # vaccination: the latest snapshot
    assert out["wave"] is None and out["wave_disabled"] is True
    assert out["search"].endswith("&lang=en")
    # a cleared or unknown choice falls back as well, without an exception
    out = outputs(page.update(None, None, "nergens", "nl", page.AREA_ID))
    assert out["period"] == service.default_period(MEASURE) and out["area"] == "GM0599"
    assert "gebied: onbekende waarde" in text_of(out["notices"])


@pytest.mark.parametrize(
    "query, notice",
    [
        ({"golf": "golf-99"}, "golf: onbekende waarde 'golf-99'"),
        ({"golf": "<b>x</b>", "maat": "overleden"}, "golf: onbekende waarde"),
        ({"golf": "golf-2", "maat": "vaccinatie-volledig-18plus"}, "geen golven"),
    ],
)
def test_a_bad_wave_in_the_url_gives_a_notice(page, query, notice):
    layout = page.layout(**query)
    assert notice in text_of(find(layout, page.NOTICES_ID))
    assert find(layout, page.SUMMARY_ID).children is not None


def test_forged_callback_values_give_notices_not_errors(page):
    out = outputs(page.update("x", "{'a': 1}", "5", "fr", None, "golf-1; drop", "?"))
    assert "onbekende waarde" in text_of(out["notices"])
    assert out["area"] == "GM0599"


def test_a_broken_timeline_file_shows_its_error_not_a_traceback(page, monkeypatch):
    def broken():
        raise SourceError("maatregelen.yaml: events.3.date: geen datum")

    from dashboard.components import corona_cards

    monkeypatch.setattr(corona_cards, "read_maatregelen", broken)
    layout = page.layout()
    assert "geen datum" in text_of(find(layout, page.MAATREGELEN_ID))
    figure = graph(layout, f"{page.TREND_CARD}-graph")
    assert not [s for s in figure.layout.shapes if s.type == "line"]


# ------------------------------------------------------------ maatregelen file


def test_the_maatregelen_file_is_read_once_and_again_after_an_edit(tmp_path):
    copy = tmp_path / "maatregelen.yaml"
    text = MAATREGELEN_FILE.read_text(encoding="utf-8")
    copy.write_text(text, encoding="utf-8")
    first = read_maatregelen(copy)
    assert read_maatregelen(copy) is first  # one parse per version of the file
    label = first.events[0].label
    copy.write_text(text.replace(label, label + " (bewerkt)", 1), encoding="utf-8")
    edited = read_maatregelen(copy)
    assert edited.events[0].label == label + " (bewerkt)"
    copy.write_text("events: [", encoding="utf-8")
    with pytest.raises(SourceError):
        read_maatregelen(copy)


def test_the_maatregelen_file_validates():
    timeline = read_maatregelen()
    dates = [e.date for e in timeline.events]
    assert dates == sorted(dates)
    assert "rijksoverheid.nl" in timeline.source_url
    header = MAATREGELEN_FILE.read_text(encoding="utf-8").split("events:")[0]
    assert "Coronavirus tijdlijn" in header
    by_date = {e.date: e.label for e in timeline.events}
    for day in ("2020-03-12", "2020-10-14", "2020-12-15", "2021-01-23", "2021-12-19"):
        assert dt.date.fromisoformat(day) in by_date
    assert all(e.source.startswith("https://") for e in timeline.events)


def _broken_copy(tmp_path: Path, change) -> Path:
    raw = yaml.safe_load(MAATREGELEN_FILE.read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "maatregelen.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda r: r["events"][2].update(date="23 maart"), "events.2.date"),
        (lambda r: r["events"][1].update(label="x" * 60), "events.1.label"),
        (lambda r: r["events"][0].pop("source"), "events.0.source"),
        (lambda r: r["events"][0].update(source="rijksoverheid"), "events.0.source"),
        (lambda r: r["events"][4].update(colour="rood"), "events.4.colour"),
        (lambda r: r["events"][5].update(date=dt.date(2019, 1, 1)), "buiten"),
        (lambda r: r["events"].reverse(), "datumvolgorde"),
        (lambda r: r.update(events=[]), "events"),
    ],
)
def test_a_broken_maatregelen_file_is_refused(tmp_path, change, message):
    path = _broken_copy(tmp_path, change)
    with pytest.raises(SourceError) as error:
        read_maatregelen(path)
    assert message in str(error.value)
    assert "\n" not in str(error.value)  # one line


def test_unreadable_maatregelen_files_are_refused(tmp_path):
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("events: [\n", encoding="utf-8")
    bad_date = tmp_path / "date.yaml"
    bad_date.write_text(
        MAATREGELEN_FILE.read_text(encoding="utf-8").replace(
            "2021-01-23", "2021-13-23"
        ),
        encoding="utf-8",
    )
    for path in (bad_yaml, bad_date, tmp_path / "missing.yaml"):
        with pytest.raises(SourceError):
            read_maatregelen(path)


# -------------------------------------------------------- the burden per wave


def test_burden_per_wave_of_a_gebied_is_its_gemeente_from_the_raw_files(
    page, snapshot_dir
):
    """Den Haag Zuidwest: the admissions of 's-Gravenhage (GM0518) summed over the
    2e golf, over the inhabitants on 1 January 2020, x 100.000."""
    from test_golven import raw_admissions, raw_population

    layout = page.layout(
        maat="ziekenhuisopnames", gebied="den-haag-zuidwest", golf="golf-2"
    )
    days = raw_admissions(snapshot_dir / "coronadashboard", "GM0518")
    wave_days = [dt.date(2020, 7, 6) + dt.timedelta(days=n) for n in range(147)]
    expected = (
        sum(days[d] for d in wave_days)
        / raw_population(snapshot_dir, "GM0518", 2020)
        * 100_000
    )
    section = find(layout, page.BURDEN_ID)
    shown = text_of(section)
    assert "cijfer van de gemeente 's-Gravenhage" in shown  # labelled gemeente level
    rows = table_rows(find(section, f"{page.BURDEN_ID}-golven"))
    by_wave = {row[0]: row for row in rows[1:]}
    assert by_wave["2e golf (najaar 2020)"][1] == format_number(expected, 1)
    assert (
        f"'s-Gravenhage in de golf 2e golf (najaar 2020): {format_number(expected, 1)}"
        in shown
    )


def test_the_gemeenten_of_the_gebieden_are_ranked_for_the_chosen_wave(page, service):
    layout = page.layout(maat="overleden", golf="golf-4")
    rows = table_rows(find(layout, f"{page.BURDEN_ID}-rangorde"))[1:]
    gemeenten = {a.gemeente for a in service.registry.gebieden()}
    assert len(rows) == len(gemeenten)
    burden = service.wave_burden("overleden")
    wave = burden[burden["wave"] == "golf-4"]
    values = dict(zip(wave["area_name"], wave["per_100k"]))
    shown = [values[row[1]] for row in rows]
    ranked = [v for v in shown if not pd.isna(v)]
    assert ranked == sorted(ranked, reverse=True)  # highest burden first
    assert rows[0][0] == "1"


def test_a_region_without_a_gemeente_burden_says_so(page):
    layout = page.layout(maat="ziekenhuisopnames", gebied="VR17")
    assert "bestaat alleen per gemeente" in text_of(find(layout, page.BURDEN_ID))

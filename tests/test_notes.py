"""The service's notes word themselves in Dutch (unchanged) and in English."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.aggregation import coverage_text
from dashboard.notes import Note, dump_notes, load_notes, note_text


def test_a_gemeente_level_note_in_both_languages():
    note = Note("note.gemeente_level", name="Rotterdam")
    assert note == "cijfer van de gemeente Rotterdam (alleen op gemeenteniveau)"
    assert note_text(note, "nl") == note
    assert (
        note_text(note, "en")
        == "figure of the municipality of Rotterdam (municipal level only)"
    )


def test_a_coverage_note_writes_numbers_per_language():
    note = coverage_text(3072, 3340, 0.9123)
    assert note == "3.072 van 3.340 wijken, 91,2% van de inwoners"
    assert note_text(note, "en") == "3,072 of 3,340 wijken, 91.2% of the inhabitants"
    gemeenten = coverage_text(15, 16, None, "gemeenten")
    assert gemeenten == "15 van 16 gemeenten"
    assert note_text(gemeenten, "en") == "15 of 16 municipalities"


def test_joined_notes_and_a_plain_string_stays_dutch():
    joined = Note.joined([Note("note.sum_of_gemeenten"), "iets anders"])
    assert joined == "som van de gemeenten; iets anders"
    assert note_text(joined, "en") == "sum of the municipalities; iets anders"
    assert note_text("een oude notitie", "en") == "een oude notitie"
    assert note_text(None, "en") == ""


def test_a_stored_frame_keeps_its_notes_and_an_old_one_falls_back_to_dutch():
    note = Note("note.gemeente_level", name="Rotterdam")
    frame = pd.DataFrame({"level_note": [note, ""], "value": [1.0, 2.0]})
    back = load_notes(dump_notes(frame))
    assert list(back.columns) == ["level_note", "value"]
    assert back["level_note"].iloc[0] == note
    assert note_text(back["level_note"].iloc[0], "en").startswith("figure of")
    old = load_notes(frame.assign(level_note=[str(note), ""]))
    assert note_text(old["level_note"].iloc[0], "en") == str(note)


# -- issue #12: the sentences and reasons the English mode used to leave Dutch ----


def _points(before, after, provisional=False):
    from dashboard.coronakloof import Point

    return (
        Point(
            "2019JJ00",
            Note("kloof.point_period", period={"period": "2019JJ00"}),
            before,
            False,
        ),
        Point(
            "2021JJ00",
            Note("kloof.point_period", period={"period": "2021JJ00"}),
            after,
            provisional,
        ),
    )


def test_a_coronakloof_gap_sentence_in_both_languages():
    from dashboard.coronakloof import gap_pair

    pair = gap_pair(
        _points(10.0, 14.0, provisional=True),
        _points(8.0, 9.5),
        title={"nl": "Werkloosheid", "en": "Unemployment"},
        unit="%",
        decimals=1,
        reference_name=Note("note.nederland"),
    )
    assert pair["direction"] == "groter"
    assert pair["sentence"] == (
        "Het verschil met Nederland in werkloosheid werd groter: van +2,0 procentpunt"
        " in 2019 naar +4,5 procentpunt in 2021 (voorlopig)."
    )
    assert note_text(pair["sentence"], "en") == (
        "The gap with the Netherlands in unemployment widened: from +2.0 percentage"
        " points in 2019 to +4.5 percentage points in 2021 (provisional)."
    )
    # a Dutch title alone (as before) still gives the Dutch sentence
    plain = gap_pair(
        _points(10.0, 14.0, provisional=True),
        _points(8.0, 9.5),
        title="Werkloosheid",
        unit="%",
        decimals=1,
        reference_name=Note("note.nederland"),
    )
    assert plain["sentence"] == pair["sentence"]


def test_an_equal_and_a_reversed_gap_in_both_languages():
    from dashboard.coronakloof import gap_pair

    same = gap_pair(
        _points(1200.0, 1300.0),
        _points(1000.0, 1100.0),
        title={"nl": "Inkomen", "en": "Income"},
        unit="euro",
        decimals=0,
        reference_name="Rotterdam",
    )
    assert same["sentence"] == (
        "Het verschil met Rotterdam in inkomen bleef gelijk: +200 in 2019 en in 2021."
    )
    assert note_text(same["sentence"], "en") == (
        "The gap with Rotterdam in income stayed the same: +200 in 2019 and in 2021."
    )
    flipped = gap_pair(
        _points(5.0, 3.0),
        _points(4.0, 4.5),
        title={"nl": "Aandeel", "en": "Share"},
        unit="%",
        decimals=1,
        reference_name=Note("note.nederland"),
    )
    assert "keerde om: van +1,0 procentpunt in 2019 naar -1,5" in flipped["sentence"]
    assert "reversed: from +1.0 percentage points in 2019 to -1.5" in note_text(
        flipped["sentence"], "en"
    )


def test_a_coronakloof_growth_sentence_and_an_unknown_growth():
    from dashboard.coronakloof import growth_pair

    pair = growth_pair(
        _points(0.0, 1500.0),
        _points(20000.0, 21000.0),
        title={"nl": "Woninginbraken (aantal)", "en": "Burglaries (number)"},
        area_name="Rotterdam",
        reference_name=Note("note.nederland"),
    )
    assert pair["growth"] is None
    assert pair["sentence"] == (
        "Groei van woninginbraken (aantal) in Rotterdam van 2019 tot 2021: onbekend;"
        " in Nederland +5,0%."
    )
    assert note_text(pair["sentence"], "en") == (
        "Growth of burglaries (number) in Rotterdam from 2019 to 2021: unknown;"
        " in the Netherlands +5.0%."
    )


def test_a_year_average_label_in_both_languages():
    label = Note("kloof.point_average", year="2019")
    assert label == "gemiddelde 2019" and note_text(label, "en") == "average 2019"
    marked = Note("kloof.provisional", label=label)
    assert marked == "gemiddelde 2019 (voorlopig)"
    assert note_text(marked, "en") == "average 2019 (provisional)"


def test_the_sources_reasons_are_worded_in_english_and_stay_dutch_in_dutch():
    from dashboard.notes import reason_text
    from data_sources.cbs_common import MISSING_REASON
    from data_sources.coronadashboard import incomplete_reason, trailing_zero_reason
    from data_sources.local_csv import (
        EMPTY_REASON,
        SUPPRESSED_REASON,
        not_measured_reason,
    )
    from data_sources.model import NOT_A_NUMBER, UNKNOWN_REASON

    english = {
        UNKNOWN_REASON: "unknown",
        MISSING_REASON["Missing"]: "unknown",
        NOT_A_NUMBER: "not a number in the source",
        MISSING_REASON["Impossible"]: "cannot occur (.)",
        MISSING_REASON["Confidential"]: "confidential (x)",
        EMPTY_REASON: "empty in the source",
        SUPPRESSED_REASON: "small number, rounded to 0 in the source",
        incomplete_reason(4): "incomplete week: 4 of 7 days in the source",
        trailing_zero_reason("2023-03-05"): "no more reports: after the last report"
        " (2023-03-05) only zeros to the end of the source",
        not_measured_reason(2015): "not measured before 2015 (the source fills in 0"
        " or nothing)",
    }
    for dutch, words in english.items():
        assert reason_text(dutch, "en") == words, dutch
        assert note_text(dutch, "en") == words, dutch
        assert reason_text(dutch, "nl") == dutch and note_text(dutch) == dutch
    assert reason_text("iets anders", "en") == "iets anders"


def test_a_corona_wave_reason_in_both_languages():
    from data_sources.coronadashboard import incomplete_reason

    note = Note(
        "corona.weeks_missing",
        missing=2,
        expected=18,
        why={"reason": incomplete_reason(5)},
    )
    assert note == "2 van 18 weken ontbreken (onvolledige week: 5 van 7 dagen in bron)"
    assert note_text(note, "en") == (
        "2 of 18 weeks missing (incomplete week: 5 of 7 days in the source)"
    )
    nothing = Note(
        "corona.weeks_missing", missing=1, expected=9, why=Note("corona.week_missing")
    )
    assert nothing == "1 van 9 weken ontbreken (week ontbreekt)"
    assert note_text(nothing, "en") == "1 of 9 weeks missing (week missing)"
    assert Note("corona.no_population", year=2020) == (
        "geen inwonertal op 1 januari 2020"
    )
    assert note_text(Note("corona.no_population", year=2020), "en") == (
        "no population on 1 January 2020"
    )
    # a stored frame keeps the structure (the wave totals are read through)
    frame = pd.DataFrame({"missing_reason": [note, None]})
    back = load_notes(dump_notes(frame))
    assert note_text(back["missing_reason"].iloc[0], "en").startswith("2 of 18 weeks")


def test_a_stored_frame_with_a_note_per_period_gives_each_row_its_own_words():
    """Issue 14: load_notes reads a repeated note once; rows with other notes, empty
    ones and the other columns (in their order) come back as they were dumped."""
    rotterdam = Note("note.gemeente_level", name="Rotterdam")
    den_haag = Note("note.gemeente_level", name="'s-Gravenhage")
    frame = pd.DataFrame(
        {
            "period": ["2019JJ00", "2020JJ00", "2021JJ00", "2022JJ00"],
            "level_note": [rotterdam, rotterdam, "", den_haag],
            "value": [1.0, 2.0, None, 4.0],
            "missing_reason": [None, Note("note.sum_of_gemeenten"), None, None],
        }
    )
    back = load_notes(dump_notes(frame))
    assert list(back.columns) == list(frame.columns)
    assert back["level_note"].tolist() == frame["level_note"].tolist()
    assert [note_text(v, "en") for v in back["level_note"]] == [
        note_text(v, "en") for v in frame["level_note"]
    ]
    assert note_text(back["missing_reason"].iloc[1], "en") == note_text(
        frame["missing_reason"].iloc[1], "en"
    )
    assert back["value"].tolist()[:2] == [1.0, 2.0]


def test_a_note_in_any_text_column_survives_the_store():
    """The coronakloof table's reference name was left off the list of note columns:
    read from the store, English pages said "Nederland" (40 times on /?lang=en)."""
    frame = pd.DataFrame(
        {
            "reference_name": [Note("note.nederland"), "Rotterdam"],
            "a_column_added_later": [Note("note.nederland"), None],
            "value": [1.0, 2.0],
        }
    )
    from data_sources import frames

    back = load_notes(frames.loads(frames.dumps(dump_notes(frame))))  # as stored
    assert list(back.columns) == list(frame.columns)
    for column in ("reference_name", "a_column_added_later"):
        assert note_text(back[column].iloc[0], "en") == note_text(
            frame[column].iloc[0], "en"
        )
        assert note_text(back[column].iloc[0], "en") != back[column].iloc[0]  # Dutch
    assert back["reference_name"].iloc[1] == "Rotterdam"
    assert back["value"].tolist() == [1.0, 2.0]


def test_a_map_without_values_at_a_level_says_so_in_both_languages(snapshot_service):
    """The map's QueryErrors reached English pages as Dutch f-strings."""
    from dashboard.services import QueryError

    indicator = snapshot_service.indicator("inwoners")  # a gemeente-level figure
    with pytest.raises(QueryError) as raised:
        snapshot_service.map_values("inwoners", "wijk")
    note = raised.value.args[0]
    assert str(note) == f"{indicator.title.nl}: bestaat niet op wijkniveau"
    assert (
        note_text(note, "en")
        == f"{indicator.title.en}: does not exist at district level"
    )
    with pytest.raises(QueryError) as raised:
        snapshot_service.map_values("inwoners", "gemeente", "1850JJ00")
    assert note_text(raised.value.args[0], "en") == (
        f"{indicator.title.en}: period 1850JJ00 is not in the data"
    )
    assert (
        str(raised.value)
        == f"{indicator.title.nl}: periode 1850JJ00 niet in de gegevens"
    )

"""The service's notes word themselves in Dutch (unchanged) and in English."""

from __future__ import annotations

import pandas as pd

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

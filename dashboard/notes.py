"""Notes the query service writes (level, coverage, reasons), in Dutch and English.

Why: the service's notes ("cijfer van de gemeente Rotterdam (alleen op
gemeenteniveau)", "79 van 80 wijken, 99,9% van de inwoners") are Dutch strings that
the CLI's ``--json``, the stored payloads and many tests read as they are. A
:class:`Note` *is* that Dutch string, byte for byte, and also carries the catalog key
and values it was worded from, so :func:`note_text` can word the same facts in
English. A plain ``str`` (an older stored payload, a note nobody structured yet)
stays Dutch: the fallback.

Values of a note are language-neutral: a plain string (a name), a ``{"nl", "en"}``
dict (an indicator title), ``{"number": x, "decimals": d}`` (formatted per language),
``{"signed": x, "decimals": d}`` (a change, with its sign), ``{"period": key}`` (a
period label), ``{"text": key}`` (a catalog word) or
``{"note": ...}`` (a nested note). So a note survives JSON (:meth:`Note.to_json`,
:func:`dump_notes` / :func:`load_notes` for a frame's note columns).

No Dash import: the PDF path and the CLI use it.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping

import pandas as pd

from .formatting import format_number, signed_number
from .messages import gettext

# The frame columns that can hold notes (the export words them), and the suffix of
# their stored structure.
NOTE_COLUMNS = (
    "level_note",
    "coverage",
    "missing_reason",
    "reason",
    "sentence",
    "before_label",
    "after_label",
    "reference_name",
)
STORED_SUFFIX = "@note"


def _value(value: object, lang: str) -> str:
    if isinstance(value, Note):
        return value.text(lang)
    if isinstance(value, Mapping):
        if "note" in value:
            return Note.from_json(value["note"]).text(lang)
        if "number" in value:
            return format_number(value["number"], value.get("decimals", 0), lang=lang)
        if "signed" in value:  # a change: +1,5 / -1,5
            return signed_number(value["signed"], value.get("decimals", 0), lang)
        if "period" in value:
            from .periods_text import period_label

            return period_label(value["period"], lang)
        if "text" in value:  # a catalog key of its own
            return gettext(value["text"], lang)
        if "reason" in value:  # a source's reason (data_sources, a plain Dutch str)
            return reason_text(value["reason"], lang)
        return str(value.get(lang, value.get("nl", "")))
    return str(value)


def _json_value(value: object) -> object:
    if isinstance(value, Note):
        return {"note": value.to_json()}
    return value


class Note(str):
    """A Dutch note (the string itself) that can word itself in another language."""

    key: str
    values: dict
    parts: tuple
    sep: str
    end: str
    capital: bool

    def __new__(cls, key: str, **values: object) -> Note:
        self = super().__new__(cls, _render(key, values, "nl"))
        self.key, self.values, self.parts, self.sep = key, values, (), ""
        self.end, self.capital = "", False
        return self

    @classmethod
    def joined(
        cls, parts: Iterable[str], sep: str = "; ", end: str = "", capital=False
    ) -> Note:
        """Notes (or plain strings) joined, as ``sep.join`` does in Dutch; ``end``
        after them, the first letter a capital when ``capital``."""
        parts = tuple(p for p in parts if p)
        self = str.__new__(cls, _joined([str(p) for p in parts], sep, end, capital))
        self.key, self.values, self.parts, self.sep = "", {}, parts, sep
        self.end, self.capital = end, capital
        return self

    def text(self, lang: str = "nl") -> str:
        if lang != "en":
            return str(self)
        if self.parts:
            shown = [note_text(p, lang) for p in self.parts]
            return _joined(shown, self.sep, self.end, self.capital)
        return _render(self.key, self.values, lang)

    def to_json(self) -> dict:
        if self.parts:
            return {
                "parts": [
                    p.to_json() if isinstance(p, Note) else p for p in self.parts
                ],
                "sep": self.sep,
                "end": self.end,
                "capital": self.capital,
            }
        return {
            "key": self.key,
            "values": {k: _json_value(v) for k, v in self.values.items()},
        }

    @classmethod
    def from_json(cls, data: dict) -> Note:
        if "parts" in data:
            return cls.joined(
                [cls.from_json(p) if isinstance(p, dict) else p for p in data["parts"]],
                data["sep"],
                data.get("end", ""),
                data.get("capital", False),
            )
        values = {
            k: cls.from_json(v["note"]) if isinstance(v, dict) and "note" in v else v
            for k, v in data["values"].items()
        }
        return cls(data["key"], **values)

    def __reduce__(self):
        return (Note.from_json, (self.to_json(),))


def _joined(parts: list[str], sep: str, end: str, capital: bool) -> str:
    text = sep.join(parts) + (end if parts else "")
    return text[0].upper() + text[1:] if capital and text else text


def _render(key: str, values: Mapping, lang: str) -> str:
    return gettext(key, lang, **{k: _value(v, lang) for k, v in values.items()})


def note_text(note: object, lang: str = "nl") -> str:
    """A note in ``lang``; a plain string stays as it is (Dutch) unless it is one of
    the sources' reasons (:func:`reason_text`); missing is ''."""
    if isinstance(note, Note):
        return note.text(lang)
    if isinstance(note, str):
        return reason_text(note, lang)
    return ""


# -- the sources' reasons ------------------------------------------------------
# data_sources writes why a value is missing as a plain Dutch string into the cache
# (it knows no language and no catalog). These are its fixed reasons and the shapes
# of its reasons with a value; an English page words them from the catalog. A
# reason not listed here stays as the source wrote it. tests/test_english_complete.py
# words every one of them from data_sources' own constants and functions, so a
# changed Dutch wording there fails a test instead of going untranslated.


@functools.cache
def _fixed() -> dict[str, str]:
    from data_sources.cbs_common import MISSING_REASON
    from data_sources.local_csv import EMPTY_REASON, SUPPRESSED_REASON
    from data_sources.model import NOT_A_NUMBER, UNKNOWN_REASON

    return {
        UNKNOWN_REASON: "reason.unknown",
        NOT_A_NUMBER: "reason.not_a_number",
        MISSING_REASON["Impossible"]: "reason.impossible",
        MISSING_REASON["Confidential"]: "reason.confidential",
        EMPTY_REASON: "reason.empty",
        SUPPRESSED_REASON: "reason.suppressed",
    }


_PATTERNS = (
    (
        re.compile(r"onvolledige week: (?P<days>\d+) van (?P<of>\d+) dagen in bron"),
        "reason.incomplete_week",
    ),
    (
        re.compile(
            r"geen melding meer: na de laatste melding \((?P<last>[^)]*)\) alleen "
            r"nullen tot het einde van de bron"
        ),
        "reason.trailing_zeros",
    ),
    (
        re.compile(r"niet gemeten vóór (?P<year>\d{4}) \(bron vult 0 of leeg in\)"),
        "reason.not_measured_before",
    ),
)


def reason_text(reason: str, lang: str = "nl") -> str:
    """A source's reason in ``lang``; in Dutch (or unknown to this list) as it is."""
    if lang == "nl" or not isinstance(reason, str):
        return reason
    key = _fixed().get(reason)
    if key is not None:
        return gettext(key, lang)
    for pattern, key in _PATTERNS:
        found = pattern.fullmatch(reason)
        if found:
            return gettext(key, lang, **found.groupdict())
    return reason


def title(text) -> dict:
    """A catalogue title (``Text``: .nl, .en) as a note value."""
    return {"nl": text.nl, "en": text.en}


def number(value: float, decimals: int = 0) -> dict:
    return {"number": value, "decimals": decimals}


def signed(value: float, decimals: int = 0) -> dict:
    return {"signed": value, "decimals": decimals}


def error_note(exc: BaseException) -> str:
    """The Note a QueryError was raised with, else its Dutch message."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, Note) else str(exc)


# -- stored frames: the structure beside the Dutch string ---------------------


def dump_notes(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with, per note column holding notes, a ``<column>@note`` column
    of their structure as JSON (for ``frames.dumps``; the Dutch column unchanged)."""
    out = frame
    # every text column, not a list of names: a column left off a list came back as
    # Dutch strings (the coronakloof's reference_name said "Nederland" in English)
    for column in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[column]) or column.endswith(
            STORED_SUFFIX
        ):
            continue
        values = frame[column].tolist()
        if not any(isinstance(v, Note) for v in values):
            continue
        if out is frame:
            out = frame.copy()
        out[column + STORED_SUFFIX] = [
            json.dumps(v.to_json(), ensure_ascii=False) if isinstance(v, Note) else ""
            for v in values
        ]
    return out


def load_notes(frame: pd.DataFrame) -> pd.DataFrame:
    """A stored frame's notes made :class:`Note` again; a payload stored before
    notes had a structure has no ``@note`` columns and keeps its Dutch strings."""
    stored = [c for c in frame.columns if c.endswith(STORED_SUFFIX)]
    if not stored:
        return frame
    # by position: DataFrame.drop looks every label up again (a series page reads
    # hundreds of stored frames)
    out = frame.iloc[
        :, [i for i, c in enumerate(frame.columns) if not c.endswith(STORED_SUFFIX)]
    ]
    for column in stored:
        target = column[: -len(STORED_SUFFIX)]
        if target not in out.columns:
            continue
        # a note repeated over the periods (the level note) is one Note, as in the
        # computed frame, read once
        notes: dict[str, Note] = {}
        rebuilt = [
            (notes.get(s) or notes.setdefault(s, Note.from_json(json.loads(s))))
            if isinstance(s, str) and s
            else v
            for s, v in zip(frame[column].tolist(), out[target].tolist(), strict=True)
        ]
        # "str", as the computed frame holds it (pandas keeps the Note objects)
        column_values = pd.Series(rebuilt, index=out.index, dtype="str")
        out[target] = column_values
    return out


def exc_text(exc: BaseException, lang: str = "nl") -> str:
    """A QueryError's message in ``lang`` (its note's words, else the Dutch)."""
    return note_text(error_note(exc), lang)


# CBS's status words (lower case, as the service keeps them)
STATUS_KEYS = {
    "definitief": "note.status_final",
    "voorlopig": "note.status_provisional",
    "nader voorlopig": "note.status_revised",
}


def status_text(status: object, lang: str = "nl") -> object:
    """A figure's status in ``lang``; an unknown status stays as it is."""
    key = STATUS_KEYS.get(status) if isinstance(status, str) else None
    return gettext(key, lang) if key else status


def _encoded(value: object) -> object:
    if isinstance(value, Note):
        return {"__note__": value.to_json()}
    if isinstance(value, dict):
        return {k: _encoded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encoded(v) for v in value]
    if hasattr(value, "item"):  # a numpy scalar
        return value.item()
    return value


def _decoded(value: object) -> object:
    if isinstance(value, dict):
        if "__note__" in value:
            return Note.from_json(value["__note__"])
        return {k: _decoded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decoded(v) for v in value]
    return value


def dumps_with_notes(value: object) -> str:
    """A query result (dicts, lists, numbers, texts) as JSON, its notes kept as
    notes (stored at refresh, read by the English pages in English)."""
    return json.dumps(_encoded(value), ensure_ascii=False)


def loads_with_notes(payload: str) -> object:
    return _decoded(json.loads(payload))

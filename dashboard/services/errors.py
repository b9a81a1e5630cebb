"""The query service's errors: a request the data cannot answer, said in Dutch.

A stored series (``dashboard/precompute.py``) can hold the error its computation
raised; ``_stored_series`` raises it again, as the computation would have.
"""

from __future__ import annotations

import json

import pandas as pd

from data_sources import frames

from ..notes import Note, load_notes


class QueryError(ValueError):
    """A request the data cannot answer; the message says why, in Dutch."""


class UnknownIndicatorError(QueryError):
    pass


class CoverageError(QueryError):
    """No period of a composite area has enough coverage to be shown; ``coverage``
    says how little there is ("3 van 80 wijken, 6,8% van de inwoners")."""

    def __init__(self, message: str, coverage: str) -> None:
        super().__init__(message)
        self.coverage = coverage


STORED_ERRORS = {
    "QueryError": QueryError,
    "UnknownIndicatorError": UnknownIndicatorError,
}


def _stored_series(payload: str) -> pd.DataFrame:
    """A stored series, or the QueryError its computation raised, raised again."""
    if payload.startswith('{"error"'):
        raised = json.loads(payload)
        stored = raised.get("note")
        message = Note.from_json(stored) if stored else raised["message"]
        if raised["error"] == "CoverageError":
            coverage = raised.get("coverage_note")
            raise CoverageError(
                message, Note.from_json(coverage) if coverage else raised["coverage"]
            )
        raise STORED_ERRORS.get(raised["error"], QueryError)(message)
    return load_notes(frames.loads(payload))

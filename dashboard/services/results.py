"""The typed results of the query service, with English field names.

Why: pages, exports and tests read these dicts by key; a ``TypedDict`` names every
key in one place (callers keep plain dict access, a type checker sees a typo). The
CLI's ``--json`` output keeps the Dutch names it always printed: ``DUTCH_FIELDS``
is the one mapping English -> Dutch, applied at that edge only (``to_dutch``).
"""

from __future__ import annotations

from typing import Any, TypedDict


class CoronaGap(TypedDict):
    """The gap to Nederland in the last period before March 2020 and a later one."""

    before: str
    after: str
    gap_before: float
    gap_after: float
    gap_change: float


class Comparison(TypedDict):
    """``Service.comparison``: one value of an area against Nederland, its gemeente
    and the rest of its gemeente, the change since a base period and the gap."""

    indicator: str
    title: str
    unit: str
    decimals: int
    area_id: str
    area_name: str
    period: str
    period_label: str
    value: float | None
    status: str
    netherlands: float | None
    municipality: float | None
    rest_of_municipality: float | None
    difference_from_nl: float | None
    ratio_to_nl: float | None
    base_period: str | None
    change_since_base: float | None
    corona_gap: CoronaGap | None
    estimate: bool
    coverage: Any
    level_note: Any
    missing_reason: Any
    table_id: str
    cbs_modified: str | None
    fetched_at: Any
    origin: str


# English field name -> the Dutch name the CLI's --json has always printed.
DUTCH_FIELDS: dict[str, str] = {
    # Comparison
    "netherlands": "nederland",
    "municipality": "gemeente",
    "rest_of_municipality": "rest_van_gemeente",
    "difference_from_nl": "verschil_met_nederland",
    "ratio_to_nl": "ratio_tot_nederland",
    "base_period": "basisperiode",
    "change_since_base": "verandering_sinds_basis",
    "corona_gap": "coronakloof",
    # CoronaGap
    "before": "voor",
    "after": "na",
    "gap_before": "kloof_voor",
    "gap_after": "kloof_na",
    "gap_change": "verandering_kloof",
}


def to_dutch(payload: Any) -> Any:
    """The payload with every English field name of ``DUTCH_FIELDS`` in Dutch (at
    any depth; key order and values unchanged): the CLI's JSON edge."""
    if isinstance(payload, dict):
        return {DUTCH_FIELDS.get(k, k): to_dutch(v) for k, v in payload.items()}
    if isinstance(payload, list):
        return [to_dutch(v) for v in payload]
    return payload

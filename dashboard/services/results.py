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


class KloofPair(TypedDict, total=False):
    """One pair of periods of ``Service.coronakloof`` (``dashboard/coronakloof.py``
    adds the gap fields, or the growth fields for a count)."""

    before: str
    after: str
    before_label: Any  # a Note or the period asked
    after_label: Any
    value_before: float | None
    value_after: float | None
    reference_before: float | None
    reference_after: float | None
    provisional: bool
    reason_code: str | None
    reason: Any  # a Note
    sentence: Any  # a Note
    gap_before: float  # a gap (kind "verschil")
    gap_after: float
    change: float | None  # of the gap, or of the growth against the reference's
    direction: str | None  # gelijk, groter, kleiner, omgekeerd; None for growth
    growth: float | None  # a count (kind "groei"): growth in %
    growth_reference: float | None


class KloofResult(TypedDict):
    """``Service.coronakloof``: the gap (or growth) against the reference per pair
    of periods; ``reason_code`` and ``reason`` say why when it cannot be computed.
    ``Service.coronakloof_tabel`` has the fields of ``services.coronakloof.HEAD`` and a pair's (or
    the reason's) as its columns."""

    indicator: str
    title: str
    unit: str
    area_id: str
    area_name: str
    kind: str  # "verschil" (a gap) or "groei" (a count's growth)
    reference_id: str | None
    reference_name: Any  # a Note
    level_note: Any
    pairs: list[KloofPair]
    reason_code: str | None
    reason: Any


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
    # KloofResult and KloofPair (before, after, gap_before, gap_after above)
    "kind": "soort",
    "reference_id": "referentie_id",
    "reference_name": "referentie_naam",
    "pairs": "paren",
    "reason_code": "reden_code",
    "reason": "reden",
    "before_label": "voor_label",
    "after_label": "na_label",
    "value_before": "waarde_voor",
    "value_after": "waarde_na",
    "reference_before": "referentie_voor",
    "reference_after": "referentie_na",
    "provisional": "voorlopig",
    "sentence": "zin",
    "change": "verandering",
    "direction": "richting",
    "growth": "groei",
    "growth_reference": "groei_referentie",
}


def to_dutch(payload: Any) -> Any:
    """The payload with every English field name of ``DUTCH_FIELDS`` in Dutch (at
    any depth; key order and values unchanged): the CLI's JSON edge."""
    if isinstance(payload, dict):
        return {DUTCH_FIELDS.get(k, k): to_dutch(v) for k, v in payload.items()}
    if isinstance(payload, list):
        return [to_dutch(v) for v in payload]
    return payload

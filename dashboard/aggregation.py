"""Statistically correct aggregation of area units into larger areas.

Pure functions on tidy frames (no database, no Dash), so the arithmetic can be
tested on its own:

- count: the values add up;
- rate:  sum(numerator) / sum(denominator) x multiplier;
- share and mean: weighted by each unit's own base (inhabitants for person shares,
  dwellings for the WOZ value), never an unweighted mean of percentages.

Every aggregate carries its coverage: how many of the area's units had a value and
which part of the area's weight (inhabitants) they hold.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data_sources.catalogue import DEFAULT_COVERAGE_THRESHOLD
from data_sources.periods import parse_period

from .messages import _
from .notes import Note, number

# The unit words a coverage note knows in both languages (note.wijken, ...)
UNIT_WORDS = ("wijken", "gemeenten")

STATUS_ORDER = {"definitief": 0, "nader voorlopig": 1, "voorlopig": 2}


def aggregate(
    method: str,
    units: list[str],
    values: pd.DataFrame,
    weights: pd.DataFrame | None = None,
    coverage_weights: pd.Series | None = None,
    multiplier: float = 1.0,
) -> pd.DataFrame:
    """Aggregate per period over ``units`` (frames in, frame out; see ``Panel``).

    values:  area_code, period, value, status (one row per unit and period)
    weights: area_code, period, weight (base for share/mean, denominator for rate)
    coverage_weights: area_code -> weight used to express coverage (inhabitants)

    Returns one row per period: value, status, units_total, units_present,
    coverage_share (0-1 of the coverage weight held by units with a value).
    """
    frame = values.assign(
        period_start=values["period"].map(lambda p: parse_period(p).start),
        missing_reason=values.get("missing_reason"),
    )
    if "status" not in frame:
        frame["status"] = "definitief"
    cover = coverage_weights.to_dict() if coverage_weights is not None else None
    panel = Panel(frame, weights)
    out = panel.series(method, units, cover, multiplier, direct=False)
    return out.drop(columns=["period_start", "missing_reason"])


def coverage_text(
    units_present: int, units_total: int, share: float | None, unit_word: str = "wijken"
) -> str:  # a Note (a str) when not complete
    """'12 van 14 wijken, 91% van de inwoners' (empty when complete)."""
    if units_total <= 1 or units_present >= units_total:
        return ""
    # Dutch number format: "3.072 van 3.340 wijken", as every other number; a Note,
    # so an English page says "3,072 of 3,340 wijken" (dashboard/notes.py)
    values = {
        "present": number(units_present),
        "total": number(units_total),
        "units": {"text": f"note.{unit_word}"}
        if unit_word in UNIT_WORDS
        else unit_word,
    }
    if share is not None and not np.isnan(share):
        # Round down: an incomplete figure never claims 100 %.
        percent = np.floor(share * 1000) / 10
        if percent >= 100:  # the missing units hold no inhabitants (e.g. dunes, port)
            return Note("note.coverage_no_inhabitants", **values)
        return Note("note.coverage_share", percent=number(percent, 1), **values)
    return Note("note.coverage", **values)


def coverage_rule(lang: str = "nl") -> str:
    """The coverage rule in words (the Over page's method list), from the catalogs."""
    return _(
        "over.coverage_rule", lang, threshold=f"{DEFAULT_COVERAGE_THRESHOLD * 100:g}"
    )


COVERAGE_RULE_NL = coverage_rule("nl")


def apply_coverage_rule(
    frame: pd.DataFrame, method: str, threshold: float, unit_word: str = "wijken"
) -> pd.DataFrame:
    """Whether a composite figure is shown, decided by its coverage (one rule).

    A count over fewer than all units is not a total: it is kept as a lower bound
    (``at_least``; the coverage text starts with "ten minste"). A share, mean or rate
    whose units hold less than ``threshold`` of the inhabitants says little about the
    whole area: it is missing, with the coverage as the reason.
    """
    out = frame.copy()
    partial = (out["units_present"] < out["units_total"]) & out["value"].notna()
    texts = [
        coverage_text(int(p), int(t), s, unit_word)
        for p, t, s in zip(
            out["units_present"], out["units_total"], out["coverage_share"]
        )
    ]
    out["at_least"] = partial if method == "count" else False
    out["low_coverage"] = False
    if method == "count":
        out["coverage"] = [
            Note("note.at_least", coverage=text) if flag and text else text
            for text, flag in zip(texts, partial)
        ]
        return out
    share = out["coverage_share"].astype(float)
    low = partial & (share < threshold - 1e-12)
    percent = {
        "nl": f"{threshold * 100:g}".replace(".", ","),
        "en": f"{threshold * 100:g}",
    }
    reasons = out["missing_reason"].astype(object).to_numpy(copy=True)
    why = out["units_reason"].tolist() if "units_reason" in out else [None] * len(out)
    for i in np.flatnonzero(low.to_numpy()):
        reasons[i] = Note("note.low_coverage", coverage=texts[i], percent=percent)
        if isinstance(why[i], str):  # e.g. a gemeente split in between
            reasons[i] = Note("note.missing_units", reason=reasons[i], why=why[i])
    out["missing_reason"] = reasons
    out["low_coverage"] = low
    out["value"] = out["value"].mask(low)
    out["coverage"] = texts
    return out


# -- fast path: one indicator as a units x periods matrix ----------------------


class Panel:
    """An indicator's source as matrices (units x periods), built once per version.

    Aggregating an area is then a few numpy sums over the rows of its units, instead
    of filtering and merging frames for every area and every request.
    """

    def __init__(self, values: pd.DataFrame, weights: pd.DataFrame | None) -> None:
        frame = values[
            ["area_code", "period", "period_start", "value", "status", "missing_reason"]
        ]
        order = frame.drop_duplicates("period").sort_values("period_start")
        self.periods: list[str] = order["period"].tolist()
        self.starts = order["period_start"].tolist()
        codes = sorted(frame["area_code"].unique().tolist())
        self.rows: dict[str, int] = {code: i for i, code in enumerate(codes)}
        shape = (len(codes), len(self.periods))
        # intp: an empty source (a dataset not in the cache) gives empty index arrays
        row = frame["area_code"].map(self.rows).to_numpy(dtype=np.intp)
        col = (
            frame["period"]
            .map({p: j for j, p in enumerate(self.periods)})
            .to_numpy(dtype=np.intp)
        )
        self.values = np.full(shape, np.nan)
        self.values[row, col] = frame["value"].to_numpy(dtype=float)
        self.has_row = np.zeros(shape, dtype=bool)
        self.has_row[row, col] = True
        self.status = np.zeros(shape, dtype=np.int8)
        self.status[row, col] = (
            frame["status"].map(STATUS_ORDER).fillna(0).to_numpy(dtype=np.int8)
        )
        self.reasons = np.full(shape, None, dtype=object)
        self.reasons[row, col] = frame["missing_reason"].astype(object).to_numpy()
        self.weights = None
        self.weight_reasons = None
        if weights is not None:
            self.weights = np.full(shape, np.nan)
            known = weights[
                weights["area_code"].isin(self.rows)
                & weights["period"].isin(set(self.periods))
            ]
            wrow = known["area_code"].map(self.rows).to_numpy(dtype=np.intp)
            wcol = (
                known["period"]
                .map({p: j for j, p in enumerate(self.periods)})
                .to_numpy(dtype=np.intp)
            )
            self.weights[wrow, wcol] = known["weight"].to_numpy(dtype=float)
            # Why a base is missing (e.g. a gemeente that received part of a split one)
            if "weight_reason" in known:
                self.weight_reasons = np.full(shape, None, dtype=object)
                self.weight_reasons[wrow, wcol] = (
                    known["weight_reason"].astype(object).to_numpy()
                )

    def series(
        self,
        method: str,
        units: list[str],
        coverage_weights: dict[str, float] | None,
        multiplier: float,
        direct: bool,
        mask: np.ndarray | None = None,
        gaps: dict[int, str] | None = None,
    ) -> pd.DataFrame:
        """Per period: value, status, units_total, units_present, coverage_share, reason.

        mask (units x periods, optional): which units count in which period, for an
        area whose members differ per period (the gemeenten of each year's indeling);
        gaps: period column -> why the area has no figure in that period.
        """
        unit_list = list(dict.fromkeys(units))
        if mask is None:
            mask = np.ones((len(unit_list), len(self.periods)), dtype=bool)
        known = [i for i, u in enumerate(unit_list) if u in self.rows]
        rows = [self.rows[unit_list[i]] for i in known]
        counted = mask[known]
        values = np.where(counted, self.values[rows], np.nan)
        has_row = self.has_row[rows] & counted
        keep = has_row.any(axis=0)
        weighted = method in ("rate", "share", "mean")
        weights = self.weights[rows] if weighted and self.weights is not None else None
        if weighted and weights is None and not (direct and method != "rate"):
            raise ValueError(f"{method} needs weights")
        present = ~np.isnan(values)
        if weights is not None:
            present &= ~np.isnan(weights) & (np.nan_to_num(weights) > 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            if direct:
                value = values[0] if len(rows) else np.full(len(self.periods), np.nan)
                if method == "rate" and weights is not None and len(rows):
                    value = value / weights[0] * multiplier
            elif method == "count":
                value = np.where(present, values, 0).sum(axis=0)
            elif method == "rate":
                value = (
                    np.where(present, values, 0).sum(axis=0)
                    / np.where(present, weights, 0).sum(axis=0)
                    * multiplier
                )
            elif method in ("share", "mean"):
                value = np.where(present, values * weights, 0).sum(axis=0) / np.where(
                    present, weights, 0
                ).sum(axis=0)
            else:
                raise ValueError(f"{method} is not aggregable")
        count = present.sum(axis=0)
        total = np.ones(len(self.periods), int) if direct else mask.sum(axis=0)
        if direct:
            count = (~np.isnan(value)).astype(int)
        value = np.where(count > 0, value, np.nan)
        if direct or not coverage_weights:
            share = count / np.maximum(total, 1)
        else:
            every = np.nan_to_num(
                np.array([coverage_weights.get(u, np.nan) for u in unit_list])
            )
            whole = (every[:, None] * mask).sum(axis=0)
            held = np.where(present, every[known][:, None], 0).sum(axis=0)
            with np.errstate(invalid="ignore", divide="ignore"):
                share = np.where(whole > 0, held / whole, np.nan)
        status_rank = (
            np.where(has_row, self.status[rows], 0).max(axis=0)
            if rows
            else np.zeros(len(self.periods), int)
        )
        for column in gaps or {}:
            value[column] = np.nan
        names = {v: k for k, v in STATUS_ORDER.items()}
        missing = np.isnan(value)
        out = pd.DataFrame(
            {
                "period": self.periods,
                "period_start": self.starts,
                "value": value,
                "units_total": total,
                "units_present": count.astype(int),
                "coverage_share": share,
                "status": [names[int(s)] for s in status_rank],
            }
        )
        out["missing_reason"] = np.array(
            self._reasons(rows, counted, missing, gaps or {}), dtype=object
        )
        # Why the units that lack a figure lack it (for a partial composite figure)
        absent = counted & ~present if not direct else np.zeros_like(counted)
        out["units_reason"] = np.array(
            [
                self._reason_of(rows, absent[:, column], column)
                if absent[:, column].any()
                else None
                for column in range(len(self.periods))
            ],
            dtype=object,
        )
        return out[keep].reset_index(drop=True) if len(rows) else out.iloc[0:0]

    def _reasons(
        self,
        rows: list[int],
        counted: np.ndarray,
        missing: np.ndarray,
        gaps: dict[int, str],
    ) -> list[str | None]:
        """Why each missing period is missing: the reason of that period (its own
        gap, a missing base, the units' reasons in that period), never another's."""
        out: list[str | None] = []
        for column, absent in enumerate(missing):
            if not absent:
                out.append(None)
                continue
            if column in gaps:
                out.append(gaps[column])
                continue
            out.append(
                self._reason_of(rows, counted[:, column], column) or "geen gegevens"
            )
        return out

    def _reason_of(self, rows: list[int], which: np.ndarray, column: int) -> str | None:
        """The most frequent reason of the chosen units in one period: the values'
        own reasons first, a missing base only if they have none."""
        found = _texts(self.reasons[rows, column][which])
        if not found and self.weight_reasons is not None:
            found = _texts(self.weight_reasons[rows, column][which])
        return pd.Series(found).mode().iloc[0] if found else None


def _texts(items) -> list[str]:
    return [item for item in items if isinstance(item, str) and item]

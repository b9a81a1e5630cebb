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

from data_sources.periods import parse_period

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
) -> str:
    """'12 van 14 wijken, 91% van de inwoners' (empty when complete)."""
    if units_total <= 1 or units_present >= units_total:
        return ""
    text = f"{units_present} van {units_total} {unit_word}"
    if share is not None and not np.isnan(share):
        # Round down: an incomplete figure never claims 100 %.
        percent = np.floor(share * 1000) / 10
        if percent >= 100:  # the missing units hold no inhabitants (e.g. dunes, port)
            text += f" (ontbrekende {unit_word} zonder inwoners)"
        else:
            text += f", {percent:.1f}".replace(".", ",") + "% van de inwoners"
    return text


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
        row = frame["area_code"].map(self.rows).to_numpy()
        col = frame["period"].map({p: j for j, p in enumerate(self.periods)}).to_numpy()
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
        if weights is not None:
            self.weights = np.full(shape, np.nan)
            known = weights[
                weights["area_code"].isin(self.rows)
                & weights["period"].isin(set(self.periods))
            ]
            wrow = known["area_code"].map(self.rows).to_numpy()
            wcol = (
                known["period"]
                .map({p: j for j, p in enumerate(self.periods)})
                .to_numpy()
            )
            self.weights[wrow, wcol] = known["weight"].to_numpy(dtype=float)

    def series(
        self,
        method: str,
        units: list[str],
        coverage_weights: dict[str, float] | None,
        multiplier: float,
        direct: bool,
    ) -> pd.DataFrame:
        """Per period: value, status, units_total, units_present, coverage_share, reason."""
        unit_list = list(dict.fromkeys(units))
        rows = [self.rows[u] for u in unit_list if u in self.rows]
        values = self.values[rows]
        has_row = self.has_row[rows]
        keep = has_row.any(axis=0)
        weighted = method in ("rate", "share", "mean")
        weights = self.weights[rows] if weighted and self.weights is not None else None
        if weighted and weights is None:
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
        total = 1 if direct else len(unit_list)
        if direct:
            count = (~np.isnan(value)).astype(int)
        value = np.where(count > 0, value, np.nan)
        if direct or not coverage_weights:
            share = count / max(total, 1)
        else:
            cw = np.array(
                [coverage_weights.get(u, np.nan) for u in unit_list if u in self.rows]
            )
            whole = np.nansum([coverage_weights.get(u, np.nan) for u in unit_list])
            held = np.where(present, np.nan_to_num(cw)[:, None], 0).sum(axis=0)
            share = held / whole if whole else np.full(len(self.periods), np.nan)
        status_rank = (
            np.where(has_row, self.status[rows], 0).max(axis=0)
            if rows
            else np.zeros(len(self.periods), int)
        )
        names = {v: k for k, v in STATUS_ORDER.items()}
        reasons = [r for r in self.reasons[rows].ravel() if isinstance(r, str)]
        reason = pd.Series(reasons).mode().iloc[0] if reasons else "geen gegevens"
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
        out["missing_reason"] = np.where(out["value"].isna(), reason, None)
        return out[keep].reset_index(drop=True) if len(rows) else out.iloc[0:0]

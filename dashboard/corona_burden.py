"""Corona burden per wave: weekly counts summed over a wave, per 100.000 inwoners.

Why its own module: a wave spans whole ISO weeks across a year boundary, so its
burden is not a sum of the weekly rates (their denominators change on 1 January)
but sum(count) / population x 100.000, with the population of 1 January of the
year the wave starts. A wave with a missing week has no total for that area: an
incomplete sum would read as a low burden. Pure pandas; the service feeds it. Its
reasons are Notes (Dutch as before, worded in English by ``note_text``).
"""

from __future__ import annotations

import pandas as pd

from data_sources.golven import Waves

from .notes import Note

PER = 100_000


def wave_of_weeks(weeks: pd.DataFrame, waves: Waves) -> pd.Series:
    """Wave id per weekly row (by its Monday), None outside every wave."""
    out = pd.Series(None, index=weeks.index, dtype=object)
    start = pd.to_datetime(weeks["period_start"]).dt.date
    for wave in waves.waves:
        out[(start >= wave.start) & (start <= wave.end)] = wave.id
    return out


def wave_totals(
    counts: pd.DataFrame, population: pd.DataFrame, waves: Waves
) -> pd.DataFrame:
    """Per area and wave: weeks, weeks_missing, count, population, per_100k, reason.

    ``counts``: weekly rows (area_code, period, period_start, value, missing_reason);
    ``population``: yearly rows (area_code, period ``YYYYJJ00``, value).
    """
    frame = counts.assign(wave=wave_of_weeks(counts, waves)).dropna(subset=["wave"])
    pop = population.set_index(["area_code", "period"])["value"]
    rows = []
    for wave in waves.waves:
        expected = ((wave.end - wave.start).days + 1) // 7
        year_key = f"{wave.start.year}JJ00"
        in_wave = frame[frame["wave"] == wave.id]
        for area, group in in_wave.groupby("area_code"):
            present = int(group["value"].notna().sum())
            missing = expected - present
            inhabitants = pop.get((area, year_key))
            reason = None
            if missing:
                reasons = group["missing_reason"].dropna()
                why = (
                    {"reason": reasons.mode().iloc[0]}  # the source's, see notes.py
                    if len(reasons)
                    else Note("corona.week_missing")  # week ontbreekt
                )
                reason = Note(
                    "corona.weeks_missing", missing=missing, expected=expected, why=why
                )  # "3 van 18 weken ontbreken (...)"
            elif inhabitants is None or pd.isna(inhabitants):
                reason = Note("corona.no_population", year=wave.start.year)
            total = float(group["value"].sum()) if not missing else float("nan")
            rows.append(
                {
                    "area_code": area,
                    "wave": wave.id,
                    "label": wave.label,
                    "start": wave.start,
                    "end": wave.end,
                    "weeks": expected,
                    "weeks_missing": missing,
                    "count": total,
                    "population": float("nan") if inhabitants is None else inhabitants,
                    "missing_reason": reason,
                }
            )
    out = pd.DataFrame(rows)
    out["per_100k"] = out["count"] / out["population"] * PER
    out.loc[out["missing_reason"].notna(), "per_100k"] = float("nan")
    return out


def national(totals: pd.DataFrame, nl_code: str) -> pd.DataFrame:
    """NL per wave from the gemeenten with a complete wave: sum / sum, with how many."""
    gemeenten = totals[totals["area_code"].str.startswith("GM")]
    rows = []
    for (wave, label, start, end, weeks), group in gemeenten.groupby(
        ["wave", "label", "start", "end", "weeks"], sort=False
    ):
        complete = group[group["per_100k"].notna()]
        count, population = complete["count"].sum(), complete["population"].sum()
        rows.append(
            {
                "area_code": nl_code,
                "wave": wave,
                "label": label,
                "start": start,
                "end": end,
                "weeks": weeks,
                "weeks_missing": 0,
                "count": float(count),
                "population": float(population),
                "per_100k": float(count / population * PER) if population else None,
                "missing_reason": None
                if population
                else Note("corona.no_gemeente_complete"),
                "coverage": Note(  # "15 van 342 gemeenten"
                    "note.coverage",
                    present=len(complete),
                    total=len(group),
                    units={"text": "note.gemeenten"},
                ),
            }
        )
    return pd.DataFrame(rows)

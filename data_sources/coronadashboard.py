"""National corona dashboard JSON (RIVM/NICE via VWS) per gemeente and veiligheidsregio.

One JSON document per area (``GM0344.json``, ``VR09.json``) holds time series as
``{"values": [...]}``. Archived series carry their archive date in the key
(``tested_overall_archived_20230331``), so series are found by name prefix, never by
the full key. ``fetch`` (live, ``{base_url}/{CODE}.json``) and ``read_folder`` (the
gzip snapshot) return the same ``{code: document}`` mapping; both go through one
``normalise``.

Measures (area = the document's ``code``):

* weekly counts, summed from the dashboard's daily figures:
  ``positieve_testen`` (``tested_overall.infected``), ``ziekenhuisopnames``
  (``hospital_nice.admissions_on_date_of_admission``), ``overleden``
  (``deceased_rivm.covid_daily``). Each day (the UTC date of ``date_unix``) goes to
  its ISO week (Monday to Sunday), period = CBS week key ``YYYYW1ww`` of the ISO year
  and week (2021-01-03 is in ``2020W153``). The value is the sum of the 7 days only
  when all 7 are in the source with a value. A week with a day that is absent from
  the source (hospital 2024-02-18) or null, and the partial first and last week of a
  series, is missing (NaN, reason :func:`incomplete_reason`), never a partial sum
  and never 0. A week without any day in the source gets no row. The run of zero
  days at the end of an area's series, after its last non-zero day and at least a
  week long, is "no report" (NaN, reason :func:`trailing_zero_reason`), not 0;
* vaccination coverage snapshots (%), period = ISO date of the snapshot. Each archived
  snapshot is kept and its fields are named, not merged across formats:

  - 2022 format (one row per ``age_group_range`` 12+/18+):
    ``has_one_shot_percentage`` -> ``vaccinatie_eerste_prik_<12|18>plus``,
    ``fully_vaccinated_percentage`` -> ``vaccinatie_volledig_<12|18>plus``,
    ``booster_shot_percentage`` -> ``vaccinatie_booster_<12|18>plus`` (only in
    snapshots that have it);
  - 2023 format (one row per ``vaccination_type``, columns per age group):
    ``primary_series`` -> ``vaccinatie_basisserie_<12|18|60>plus``,
    ``autumn_2022`` -> ``vaccinatie_najaar2022_<12|18|60>plus``. An age group whose
    ``birthyear_range_<n>_plus`` is null is not published for that type (primary
    series 60+) and yields no row.

A null percentage stays missing (NaN): its ``missing_reason`` is the dashboard's
label when it gives one (``"<=5"``, ``">=95"``), else :data:`NULL_REASON`. Nothing is
filled with 0.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import requests

from .cbs_common import area_level
from .http import HttpPolicy, describe_error, get_json
from .model import (
    AREA_COLUMNS,
    OBSERVATION_COLUMNS,
    LoadedDataset,
    Provenance,
    SourceError,
    empty,
    finish_observations,
)

TABLE_ID = "coronadashboard"
TITLE = "Coronadashboard (RIVM/NICE via VWS)"
LICENCE = "Open data (Rijksoverheid)"
ATTRIBUTION = "Bron: RIVM, NICE, Ministerie van VWS (coronadashboard)"
NULL_REASON = "geen waarde in bron (null)"

Document = dict[str, Any]

_CODE = re.compile(r"^(GM\d{4}|VR\d{2})$")


DAYS_PER_WEEK = 7


def incomplete_reason(days: int) -> str:
    """``missing_reason`` of a week with fewer than 7 days with a value in the source."""
    return f"onvolledige week: {days} van {DAYS_PER_WEEK} dagen in bron"


# A source that stopped reporting for an area keeps publishing 0 for it (testing in
# West-Brabant ended weeks before the archive date: Breda has 0 a day while the rest
# of the country still has hundreds). A run of zero days after the area's last
# non-zero day, running to the end of the source, is therefore "no report", not 0 -
# but only when it covers at least a week, and only when zero is implausible at the
# area's own pace: at the mean daily count of the 28 days up to its last report, at
# least 10 would have been expected in the run (the chance of none is then below 1 in
# 20.000 for a Poisson count). Small gemeenten with no deaths or admissions for months
# really had none: 324 of 342 gemeenten end the deaths series in such a run while the
# country still reported deaths on its last day.
TRAILING_ZERO_PACE_DAYS = 28
TRAILING_ZERO_MIN_EXPECTED = 10.0
TRAILING_ZERO_MIN_DAYS = DAYS_PER_WEEK


def trailing_zero_reason(last_report: str) -> str:
    """``missing_reason`` of a week in the run of zeros at the end of a source."""
    return (
        f"geen melding meer: na de laatste melding ({last_report}) alleen nullen "
        "tot het einde van de bron"
    )


_WEEK_NOTE = (
    "Som van de dagcijfers van de ISO-week (maandag t/m zondag) uit {source}; "
    "alleen als alle 7 dagen in de bron een waarde hebben, anders ontbreekt de "
    "week (onvolledige week)."
)


@dataclass(frozen=True)
class WeeklySeries:
    """A daily count series of the dashboard, stored as ISO-week totals."""

    measure: str
    prefix: str  # series key without the "_archived_YYYYMMDD" suffix
    field: str
    title: str
    description: str


WEEKLY = (
    WeeklySeries(
        "positieve_testen",
        "tested_overall",
        "infected",
        "Positief geteste personen per week",
        "Aantal positief geteste personen per week (RIVM). "
        + _WEEK_NOTE.format(source="tested_overall.infected"),
    ),
    WeeklySeries(
        "ziekenhuisopnames",
        "hospital_nice",
        "admissions_on_date_of_admission",
        "Ziekenhuisopnames per week (opnamedatum)",
        "Aantal ziekenhuisopnames met COVID-19 per week, naar dag van opname (NICE). "
        + _WEEK_NOTE.format(source="hospital_nice.admissions_on_date_of_admission"),
    ),
    WeeklySeries(
        "overleden",
        "deceased_rivm",
        "covid_daily",
        "Overleden personen per week",
        "Aantal overleden personen met COVID-19 per week (RIVM). "
        + _WEEK_NOTE.format(source="deceased_rivm.covid_daily"),
    ),
)

VACCINE_PREFIX = "vaccine_coverage_per_age_group"

# 2022 format: field -> (measure stem, title stem)
_VACCINE_2022 = {
    "has_one_shot_percentage": (
        "vaccinatie_eerste_prik",
        "Vaccinatiegraad minstens één prik",
    ),
    "fully_vaccinated_percentage": (
        "vaccinatie_volledig",
        "Vaccinatiegraad volledig gevaccineerd",
    ),
    "booster_shot_percentage": ("vaccinatie_booster", "Vaccinatiegraad boosterprik"),
}
# 2023 format: vaccination_type -> (measure stem, title stem)
# primary_series is the 2023 name for a completed primary series; it is kept apart
# from fully_vaccinated_percentage (2022) because the publication and population
# base differ (GM0344 18+: 83 % in Sep 2022, 81 % in Sep 2023).
_VACCINE_2023 = {
    "primary_series": ("vaccinatie_basisserie", "Vaccinatiegraad basisserie"),
    "autumn_2022": ("vaccinatie_najaar2022", "Vaccinatiegraad najaarsronde 2022"),
}
_AGE_GROUPS = {"12+": "12plus", "18+": "18plus", "60+": "60plus"}


def _series_pattern(prefix: str) -> re.Pattern[str]:
    # "hospital_nice" must not match "hospital_nice_choropleth_archived_..."
    return re.compile(rf"^{re.escape(prefix)}(?:_archived_(\d{{8}}))?$")


def series_keys(document: Document, prefix: str) -> list[str]:
    """Keys of the series named ``prefix`` (live or archived), oldest archive first;
    an unarchived (current) series sorts last."""
    pattern = _series_pattern(prefix)
    found = []
    for key, value in document.items():
        match = pattern.match(key)
        if match and isinstance(value, dict):
            found.append((match[1] or "99999999", key))
    return [key for _, key in sorted(found)]


# --------------------------------------------------------------------------- fetch


def document_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/{code}.json"


def fetch(codes: list[str], base_url: str, policy: HttpPolicy) -> dict[str, Document]:
    """GET ``{base_url}/{CODE}.json`` for every code (timeouts and retries of ``policy``)."""
    documents: dict[str, Document] = {}
    for code in codes:
        url = document_url(base_url, code)
        try:
            document = get_json(url, policy)
        except (requests.RequestException, ValueError) as exc:
            raise SourceError(
                f"coronadashboard {code}: niet opgehaald ({describe_error(exc)})"
            ) from exc
        _check_document(document, code, url)
        documents[code] = document
    return documents


# --------------------------------------------------------------------- read_folder


def snapshot_codes(folder: Path) -> list[str]:
    """Area codes with a ``<CODE>.json.gz`` in the snapshot folder (no *_COLLECTION)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SourceError(f"coronadashboard: map {folder} bestaat niet")
    codes = (p.name.removesuffix(".json.gz") for p in folder.glob("*.json.gz"))
    return sorted(code for code in codes if _CODE.match(code))


def read_folder(folder: Path, codes: list[str] | None = None) -> dict[str, Document]:
    """Read ``<CODE>.json.gz`` files; ``codes=None`` reads every GM*/VR* file."""
    folder = Path(folder)
    available = snapshot_codes(folder)
    if codes is None:
        codes = available
    else:
        absent = sorted(set(codes) - set(available))
        if absent:
            raise SourceError(
                f"coronadashboard: geen bestand in {folder} voor {', '.join(absent)}"
            )
    documents: dict[str, Document] = {}
    for code in codes:
        path = folder / f"{code}.json.gz"
        try:
            with gzip.open(path, "rb") as handle:
                document = json.load(handle)
        except (OSError, EOFError, ValueError) as exc:
            # EOFError: a gzip cut short (click would print only "Aborted.")
            raise SourceError(f"coronadashboard: {path} onleesbaar ({exc})") from exc
        _check_document(document, code, str(path))
        documents[code] = document
    return documents


def _check_document(document: Any, code: str, where: str) -> None:
    if not isinstance(document, dict) or "code" not in document:
        raise SourceError(f"coronadashboard {code}: geen dashboarddocument ({where})")
    if document["code"] != code:
        raise SourceError(
            f"coronadashboard {code}: document heeft code {document['code']!r} ({where})"
        )


# ----------------------------------------------------------------------- normalise


def normalise(
    dataset: str,
    documents: dict[str, Document],
    *,
    catalog_url: str,
    origin: str,
) -> LoadedDataset:
    if not documents:
        raise SourceError("coronadashboard: geen documenten")
    frames = [_weekly(series, documents) for series in WEEKLY]
    vaccine, vaccine_measures = _vaccination(documents)
    frames.append(vaccine)
    frames = [f for f in frames if len(f)]
    if frames:
        out = pd.concat(frames, ignore_index=True)
        duplicated = out.duplicated(["measure", "area_code", "period"])
        if duplicated.any():
            first = out[duplicated].iloc[0]
            raise SourceError(
                f"coronadashboard: dubbele waarde {first['measure']} "
                f"{first['area_code']} {first['period']}"
            )
        observations = finish_observations(out)
    else:
        observations = empty(OBSERVATION_COLUMNS)
    return LoadedDataset(
        dataset=dataset,
        provenance=Provenance(
            kind="corona",
            table_id=TABLE_ID,
            title=TITLE,
            catalog_url=catalog_url,
            origin=origin,  # type: ignore[arg-type]
            licence=LICENCE,
            attribution=ATTRIBUTION,
            cbs_modified=_last_generated(documents),
            notes=(
                "Gearchiveerde reeksen van het coronadashboard; aantallen per "
                "ISO-week (som van 7 dagcijfers, onvolledige weken ontbreken); "
                "vaccinatiegraad per momentopname, formaten 2022 en 2023 apart benoemd."
            ),
        ),
        observations=observations,
        measures=_measures(vaccine_measures),
        areas=_areas(documents),
    )


def _utc_days(unix: pd.Series, what: str) -> tuple[np.ndarray, pd.DatetimeIndex]:
    """Unix seconds -> (code per row, distinct UTC dates), each value converted once."""
    if unix.isna().any():
        raise SourceError(f"coronadashboard {what}: date_unix ontbreekt")
    codes, uniques = pd.factorize(unix)
    try:
        days = pd.to_datetime(uniques, unit="s", utc=True).floor("D")
    except (TypeError, ValueError, OverflowError) as exc:
        raise SourceError(
            f"coronadashboard {what}: ongeldige date_unix ({exc})"
        ) from exc
    return codes, days


def _iso_dates(unix: pd.Series, what: str) -> pd.Series:
    """Unix seconds -> ISO date (UTC)."""
    codes, days = _utc_days(unix, what)
    labels = np.asarray(days.strftime("%Y-%m-%d"), dtype=object)
    return pd.Series(labels[codes], index=unix.index)


def _iso_weeks(unix: pd.Series, what: str) -> tuple[pd.Series, pd.Series]:
    """Unix seconds -> (UTC date, CBS key of its ISO week ``YYYYW1ww``).

    The ISO year, not the calendar year: 2021-01-03 is in ``2020W153`` and
    2024-12-30 in ``2025W101``.
    """
    codes, days = _utc_days(unix, what)
    iso = days.isocalendar()
    weeks = (
        iso["year"].astype(str) + "W1" + iso["week"].astype(str).str.zfill(2)
    ).to_numpy(dtype=object)
    day_labels = np.asarray(days.strftime("%Y-%m-%d"), dtype=object)
    return (
        pd.Series(day_labels[codes], index=unix.index),
        pd.Series(weeks[codes], index=unix.index),
    )


def _numbers(raw: pd.Series, what: str) -> pd.Series:
    """Numbers as float64; null stays NaN; anything else is an error, not a NaN."""
    try:
        return pd.to_numeric(raw, errors="raise").astype("float64")
    except (TypeError, ValueError) as exc:
        raise SourceError(f"coronadashboard {what}: geen getal ({exc})") from exc


def _reasons(value: pd.Series, reason: pd.Series | str) -> pd.Series:
    """The reason where the value is missing, None where it is present."""
    if isinstance(reason, pd.Series):
        reason = reason.to_numpy(dtype=object)
    out = np.where(value.isna().to_numpy(), reason, None).astype(object)
    return pd.Series(out, index=value.index, dtype=object)


def _values(document: Document, key: str) -> list[dict]:
    values = document[key].get("values")
    if not isinstance(values, list):
        raise SourceError(f"coronadashboard {document['code']}: {key} zonder values")
    return values


def _weekly(series: WeeklySeries, documents: dict[str, Document]) -> pd.DataFrame:
    """ISO-week totals of one daily series: the sum of 7 days with a value, or NaN."""
    rows: list[dict] = []
    codes: list[str] = []
    lengths: list[int] = []
    for code, document in documents.items():
        keys = series_keys(document, series.prefix)
        if not keys:
            continue  # veiligheidsregio files in the archive carry no series
        values = _values(document, keys[-1])  # newest archive of this series
        if values and series.field not in values[0]:
            raise SourceError(
                f"coronadashboard {code}: {keys[-1]} heeft geen veld {series.field}"
            )
        rows.extend(values)
        codes.append(document["code"])
        lengths.append(len(values))
    if not rows:
        return pd.DataFrame(columns=["measure", "area_code", "period", "value"])
    frame = pd.DataFrame(rows, columns=["date_unix", series.field])
    day, week = _iso_weeks(frame["date_unix"], series.prefix)
    daily = pd.DataFrame(
        {
            "area_code": np.repeat(np.array(codes, dtype=object), lengths),
            "day": day,
            "period": week,
            "value": _numbers(frame[series.field], f"{series.prefix}.{series.field}"),
        }
    )
    # A day twice would count twice in its week (and make 7 rows look complete).
    twice = daily.duplicated(["area_code", "day"])
    if twice.any():
        first = daily[twice].iloc[0]
        raise SourceError(
            f"coronadashboard: dubbele waarde {series.measure} "
            f"{first['area_code']} {first['day']}"
        )
    daily["trailing"] = _trailing_zeros(daily)
    daily.loc[daily["trailing"].notna(), "value"] = np.nan
    # count() counts the non-null days: absent and null days are both missing.
    weeks = daily.groupby(["area_code", "period"], sort=True).agg(
        sum=("value", "sum"), count=("value", "count"), trailing=("trailing", "first")
    )
    days = weeks["count"].to_numpy()  # 0..7, no day is counted twice
    value = pd.Series(np.where(days == DAYS_PER_WEEK, weeks["sum"].to_numpy(), np.nan))
    labels = np.array(
        [incomplete_reason(n) for n in range(DAYS_PER_WEEK + 1)], dtype=object
    )
    reason = np.where(weeks["trailing"].notna(), weeks["trailing"], labels[days])
    return pd.DataFrame(
        {
            "measure": series.measure,
            "area_code": weeks.index.get_level_values("area_code").to_numpy(),
            "period": weeks.index.get_level_values("period").to_numpy(),
            "value": value,
            "missing_reason": _reasons(value, pd.Series(reason)),
        }
    )


def _trailing_zeros(daily: pd.DataFrame) -> pd.Series:
    """Per day: the trailing-zero reason when the day is in the area's final run of
    zero (or null) days of at least a week after its last non-zero day and the area's
    pace before it made a zero run implausible (see TRAILING_ZERO_MIN_EXPECTED)."""
    out = pd.Series(None, index=daily.index, dtype=object)
    for _area, days in daily.sort_values("day").groupby("area_code", sort=False):
        values = days["value"].fillna(0).to_numpy()
        reported = np.flatnonzero(values != 0)
        if not len(reported):
            continue
        last = reported[-1]
        run = len(values) - 1 - last
        if run < TRAILING_ZERO_MIN_DAYS:
            continue
        pace = values[max(0, last + 1 - TRAILING_ZERO_PACE_DAYS) : last + 1].mean()
        if pace * run < TRAILING_ZERO_MIN_EXPECTED:
            continue  # quiet, not silent: the zeros are figures
        reason = trailing_zero_reason(days["day"].iloc[last])
        out.loc[days.index[last + 1 :]] = reason
    return out


def _vaccination(
    documents: dict[str, Document],
) -> tuple[pd.DataFrame, dict[str, tuple[str, str]]]:
    """Long frame of all coverage snapshots, and measure -> (title, description)."""
    # Gather the rows of all documents per archived snapshot (series key) and build
    # one frame per snapshot: tiny frames per document would cost more than the
    # data, and one frame per format would lend an older snapshot the fields (and so
    # null values) of a newer one (booster_shot_percentage).
    formats = {
        "age_group_range": _vaccination_2022,
        "vaccination_type": _vaccination_2023,
    }
    gathered: dict[str, tuple[str, list[dict], list[str], list[int]]] = {}
    for document in documents.values():
        for key in series_keys(document, VACCINE_PREFIX):
            values = _values(document, key)
            if not values:
                continue
            column = next((c for c in formats if c in values[0]), None)
            if column is None:
                raise SourceError(
                    f"coronadashboard {document['code']}: {key} heeft een onbekend formaat"
                )
            known, rows, codes, lengths = gathered.setdefault(key, (column, [], [], []))
            if known != column:
                raise SourceError(
                    f"coronadashboard {document['code']}: {key} heeft een ander formaat "
                    "dan in de andere documenten"
                )
            rows.extend(values)
            codes.append(document["code"])
            lengths.append(len(values))
    parts: list[pd.DataFrame] = []
    meta: dict[str, tuple[str, str]] = {}
    for _key, (column, rows, codes, lengths) in sorted(gathered.items()):
        frame = pd.DataFrame(rows)
        frame["area_code"] = np.repeat(np.array(codes, dtype=object), lengths)
        parts.append(formats[column](frame, meta))
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=["measure", "area_code", "period", "value"]), {}
    long = pd.concat(parts, ignore_index=True)
    long["period"] = _iso_dates(long["date_unix"], VACCINE_PREFIX)
    value = _numbers(long["value"], VACCINE_PREFIX)
    label = long["label"].astype(object).where(long["label"].notna(), NULL_REASON)
    long["value"] = value
    long["missing_reason"] = _reasons(value, label)
    present = {m: meta[m] for m in long["measure"].unique()}
    return long[["measure", "area_code", "period", "value", "missing_reason"]], present


def _label_column(frame: pd.DataFrame, field: str) -> pd.Series:
    name = f"{field}_label"
    if name in frame:
        return frame[name].astype(object)
    return pd.Series(np.full(len(frame), None, dtype=object), index=frame.index)


def _vaccination_2022(
    frame: pd.DataFrame, meta: dict[str, tuple[str, str]]
) -> pd.DataFrame:
    unknown = set(frame["age_group_range"].dropna()) - set(_AGE_GROUPS)
    if unknown or frame["age_group_range"].isna().any():
        raise SourceError(
            f"coronadashboard: onbekende leeftijdsgroep {sorted(unknown)}"
        )
    parts = []
    for field, (stem, title) in _VACCINE_2022.items():
        if field not in frame:
            continue
        measure = stem + "_" + frame["age_group_range"].map(_AGE_GROUPS)
        for age, suffix in _AGE_GROUPS.items():
            meta.setdefault(
                f"{stem}_{suffix}",
                (
                    f"{title}, {age}",
                    f"{field} voor age_group_range {age}: percentage van de inwoners "
                    "in die leeftijdsgroep (momentopnamen 2022 van het dashboard).",
                ),
            )
        parts.append(
            pd.DataFrame(
                {
                    "measure": measure,
                    "area_code": frame["area_code"],
                    "date_unix": frame["date_unix"],
                    "value": frame[field],
                    "label": _label_column(frame, field),
                }
            )
        )
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _vaccination_2023(
    frame: pd.DataFrame, meta: dict[str, tuple[str, str]]
) -> pd.DataFrame:
    unknown = set(frame["vaccination_type"].dropna()) - set(_VACCINE_2023)
    if unknown or frame["vaccination_type"].isna().any():
        raise SourceError(f"coronadashboard: onbekend vaccinatietype {sorted(unknown)}")
    parts = []
    for age in ("12", "18", "60"):
        field = f"vaccinated_percentage_{age}_plus"
        if field not in frame:
            continue
        # No birth-year range and no value: the age group is not published for
        # this vaccination type (primary series 60+), so there is no observation.
        published = frame[field].notna()
        if f"birthyear_range_{age}_plus" in frame:
            published |= frame[f"birthyear_range_{age}_plus"].notna()
        for kind, (stem, title) in _VACCINE_2023.items():
            meta.setdefault(
                f"{stem}_{age}plus",
                (
                    f"{title}, {age}+",
                    f"{field} voor vaccination_type {kind}: percentage van de "
                    f"inwoners van {age} jaar en ouder (momentopname 2023 van het "
                    "dashboard).",
                ),
            )
        stem = frame["vaccination_type"].map(lambda t: _VACCINE_2023[t][0])
        part = pd.DataFrame(
            {
                "measure": stem + f"_{age}plus",
                "area_code": frame["area_code"],
                "date_unix": frame["date_unix"],
                "value": frame[field],
                "label": _label_column(frame, field),
            }
        )
        parts.append(part[published])
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _measures(vaccine: dict[str, tuple[str, str]]) -> pd.DataFrame:
    rows = [
        {
            "measure": s.measure,
            "title": s.title,
            "unit": "aantal",
            "decimals": 0,
            "description": s.description,
        }
        for s in WEEKLY
    ]
    for measure, (title, description) in sorted(vaccine.items()):
        rows.append(
            {
                "measure": measure,
                "title": title,
                "unit": "%",
                "decimals": 0,
                "description": description,
            }
        )
    return pd.DataFrame(
        rows, columns=["measure", "title", "unit", "decimals", "description"]
    )


def _areas(documents: dict[str, Document]) -> pd.DataFrame:
    rows = []
    for document in documents.values():
        code = document["code"]
        name = document.get("name")
        rows.append(
            {
                "area_code": code,
                "name": None if name in (None, code) else name,  # archive: name == code
                "level": area_level(code),
                "parent_code": None,
                "boundary_year": None,
                "meta": None,
            }
        )
    return pd.DataFrame(rows, columns=AREA_COLUMNS)


def _last_generated(documents: dict[str, Document]) -> str | None:
    stamps = []
    for document in documents.values():
        raw = document.get("last_generated")
        try:
            stamps.append(int(raw))
        except (TypeError, ValueError):
            continue
    if not stamps:
        return None
    return datetime.fromtimestamp(max(stamps), tz=timezone.utc).date().isoformat()

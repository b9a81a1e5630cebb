"""Normalisation that CBS data needs, shared by the v3 and v4 adapters."""

from __future__ import annotations

import pandas as pd

STATUS_NL = {
    "definitief": "definitief",
    "voorlopig": "voorlopig",
    "nadervoorlopig": "nader voorlopig",
    "nader voorlopig": "nader voorlopig",
}

# v4 ValueAttribute -> why a value is missing (v3 typed sets only give null).
MISSING_REASON = {
    "Impossible": "kan niet voorkomen (.)",
    "Confidential": "geheim (x)",
    "Unknown": "onbekend",
    "Missing": "onbekend",
    "Empty": "onbekend",
}

GEO_DIMENSIONS = ("RegioS", "WijkenEnBuurten", "Gemeenten", "Regio")
NATIONAL_AREA = "NL01"


def normalise_status(raw: str | None) -> str:
    if not raw:
        return "definitief"
    return STATUS_NL.get(raw.strip().lower(), raw.strip().lower())


def strip_code(value: object) -> object:
    """CBS pads codes to a fixed width ("GM0344  "); keys must match without it."""
    return value.strip() if isinstance(value, str) else value


def area_level(code: str) -> str:
    prefixes = {
        "NL": "nederland",
        "LD": "landsdeel",
        "PV": "provincie",
        "CR": "corop",
        "GM": "gemeente",
        "WK": "wijk",
        "BU": "buurt",
        "VR": "veiligheidsregio",
    }
    return prefixes.get(code[:2], "overig")


def dims_string(frame: pd.DataFrame, dimensions: list[str]) -> pd.Series:
    """Other dimension values as one sorted key: "Geslacht=T001038;Leeftijd=10000"."""
    result = pd.Series("", index=frame.index)
    for number, name in enumerate(sorted(dimensions)):
        part = f"{name}=" + frame[name].astype(str)
        result = part if number == 0 else result + ";" + part
    return result

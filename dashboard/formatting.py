"""Numbers as a reader of the page's language writes them: 1.234,5 in Dutch (thousands
with a dot, decimals with a comma), 1,234.5 in English; units as a reader writes them:
"€ 240.000", not CBS's "240 x 1 000 euro".

Decimals: one rule per indicator, ``Indicator.decimals`` in the catalogue, used by the
cards, the tables, the charts' hover and ticks and the Excel cells alike (never a
decimals of their own, so "16%" on a card is "16%" in the map's hover). The rule is
the precision the source publishes: the KWB publishes some shares (children 0-14,
65+, labour participation, hbo/wo, owner-occupied dwellings) as whole percentages
and others (low income) with one decimal, so one indicator reads "16%" and another
"47,4%". A figure averaged from such values (a gebied or the gebieden together,
weighted over their wijken) keeps the indicator's decimals: a decimal the sources
never published would claim a precision the wijk figures do not have."""

from __future__ import annotations

import math

from .messages import _, language

# thousands and decimal separator per language
SEPARATORS = {"nl": (".", ","), "en": (",", ".")}


def format_number(
    value: float | None,
    decimals: int = 0,
    missing: str | None = None,
    lang: str = "nl",
) -> str:
    """'1.234,5' (nl) or '1,234.5' (en); ``missing`` (default: "geen gegevens" in the
    language) for None and NaN; never "-0,0"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _("app.no_data", lang) if missing is None else missing
    rounded = round(float(value), decimals)
    if rounded == 0:  # -0.04 rounds to -0.0: a sign on nothing misleads ("-0,0")
        rounded = 0.0
    thousands, point = SEPARATORS[language(lang)]
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", point).replace("\x00", thousands)


def signed_number(value: float, decimals: int, lang: str = "nl") -> str:
    """'+1,5' / '-1,5' / '0,0' (nl) or '+1.5' (en): a change with its sign."""
    text = format_number(value, decimals, lang=lang)
    zero = format_number(0, decimals, lang=lang)
    return text if text.startswith("-") or text == zero else f"+{text}"


def format_date(value: object, lang: str = "nl") -> str:
    """ISO date or datetime text -> '23 jun 2026' ('23 Jun 2026'); unknown ->
    'onbekend' ('unknown')."""
    text = "" if value is None else str(value)
    if len(text) < 10 or text[4] != "-":
        return _("date.unknown", lang)
    year, month, day = text[:4], int(text[5:7]), int(text[8:10])
    return f"{day} {_('date.months_short', lang).split()[month - 1]} {year}"


# Units the catalogue keeps as CBS delivers them, shown plain: unit -> (factor, prefix).
# The decimals of the catalogue are those of the CBS figure (240,1 x 1 000 euro), so
# a factor of 1 000 takes three of them: € 240.100.
PLAIN_UNITS: dict[str, tuple[int, str]] = {
    "x 1 000 euro": (1000, "€ "),
    "x 1000 euro": (1000, "€ "),
    "euro": (1, "€ "),
    "x 1 000": (1000, ""),
    "x 1000": (1000, ""),
}


def plain_unit(unit: str) -> str:
    """The unit of a plain value, for a column or axis title: 'euro', 'aantal'."""
    if unit in PLAIN_UNITS:
        return "euro" if "euro" in unit else "aantal"
    return unit


def format_value(
    value: float | None,
    decimals: int,
    unit: str,
    missing: str | None = None,
    lang: str = "nl",
) -> str:
    """A value with its unit: '12,3%', '€ 240.000', '412.400'; counts stay bare."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _("app.no_data", lang) if missing is None else missing
    if unit in PLAIN_UNITS:
        factor, prefix = PLAIN_UNITS[unit]
        shown = max(0, decimals - round(math.log10(factor)))
        # rounded at the catalogue's precision first: 38,46 x 1 000 is € 38.500
        scaled = round(float(value), decimals) * factor
        return prefix + format_number(scaled, shown, lang=lang)
    number = format_number(value, decimals, lang=lang)
    if unit in ("aantal", "number"):
        return number
    if unit == "%":
        return f"{number}%"
    return f"{number} {unit}"

"""Dutch number and date formatting against literal strings (no helper computes them)."""

from __future__ import annotations

import math

import pytest

from dashboard.formatting import format_date, format_number, format_value


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234.5, 1, "1.234,5"),
        (1234567, 0, "1.234.567"),
        (18130208, 0, "18.130.208"),
        (0.5, 0, "0"),  # round(): half to even
        (1.25, 1, "1,2"),
        (-1234.56, 2, "-1.234,56"),
        (-0.04, 1, "0,0"),  # never "-0,0"
        (-0.4, 0, "0"),
        (-0.0, 2, "0,00"),
        (0, 1, "0,0"),
        (999.95, 1, "1.000,0"),
        (47.35, 2, "47,35"),
    ],
)
def test_format_number_writes_dutch_separators(value, decimals, expected):
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize("value", [None, math.nan, float("nan")])
def test_format_number_says_missing_for_no_value(value):
    assert format_number(value, 1) == "geen gegevens"
    assert format_number(value, 1, missing="–") == "–"


@pytest.mark.parametrize(
    ("value", "decimals", "unit", "expected"),
    [
        (240.0, 1, "x 1 000 euro", "€ 240.000"),
        (38.46, 1, "x 1 000 euro", "€ 38.500"),
        (412.4, 1, "x 1 000", "412.400"),
        (412.4, 1, "x 1000", "412.400"),
        (431000, 0, "euro", "€ 431.000"),
        (-76.9, 1, "x 1 000 euro", "€ -76.900"),
        (-0.0001, 1, "x 1 000 euro", "€ 0"),
    ],
)
def test_format_value_writes_plain_units(value, decimals, unit, expected):
    assert format_value(value, decimals, unit) == expected


def test_format_value_units():
    assert format_value(16.04, 1, "%") == "16,0%"
    assert format_value(1234, 0, "aantal") == "1.234"
    assert format_value(-0.01, 1, "per 1.000 inwoners") == "0,0 per 1.000 inwoners"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-06-23", "23 jun 2026"),
        ("2021-03-01T10:00:00", "1 mrt 2021"),
        (None, "onbekend"),
        ("2021", "onbekend"),
    ],
)
def test_format_date(value, expected):
    assert format_date(value) == expected

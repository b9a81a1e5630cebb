"""CBS period keys become start, end and frequency; anything else is refused."""

from datetime import date

import pytest

from data_sources.periods import PeriodError, parse_period, period_label_nl


@pytest.mark.parametrize(
    ("key", "start", "end", "frequency"),
    [
        ("2020JJ00", date(2020, 1, 1), date(2020, 12, 31), "Y"),
        ("2020KW01", date(2020, 1, 1), date(2020, 3, 31), "Q"),
        ("2020KW04", date(2020, 10, 1), date(2020, 12, 31), "Q"),
        ("2020MM02", date(2020, 2, 1), date(2020, 2, 29), "M"),  # leap year
        ("2021MM02", date(2021, 2, 1), date(2021, 2, 28), "M"),
        ("2020MM04", date(2020, 4, 1), date(2020, 4, 30), "M"),
        ("2020HJ02", date(2020, 7, 1), date(2020, 12, 31), "H"),
        ("2020X000", date(2020, 1, 1), date(2020, 12, 31), "X"),
        ("2020W153", date(2020, 12, 28), date(2021, 1, 3), "W"),
        ("2020-03-01", date(2020, 3, 1), date(2020, 3, 1), "D"),
        ("  2020MM04", date(2020, 4, 1), date(2020, 4, 30), "M"),  # padded as CBS does
    ],
)
def test_period_keys_parse_to_start_end_and_frequency(key, start, end, frequency):
    period = parse_period(key)
    assert (period.start, period.end, period.frequency) == (start, end, frequency)


@pytest.mark.parametrize(
    "key",
    ["2020MM13", "2020KW05", "2021W153", "2020 april", "", "20JJ00", "2020-02-30"],
)
def test_invalid_period_keys_are_refused(key):
    with pytest.raises((PeriodError, ValueError)):
        parse_period(key)


def test_dutch_labels_follow_statline():
    assert period_label_nl("2020MM04") == "2020 april"
    assert period_label_nl("2020KW03") == "2020 3e kwartaal"
    assert period_label_nl("2021JJ00") == "2021"
    assert period_label_nl("2020-03-01") == "1 maart 2020"


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("2020W101", "2020 week 1"),  # starts Monday 30 December 2019
        ("2020W153", "2020 week 53"),  # ends Sunday 3 January 2021
        ("2021W101", "2021 week 1"),  # starts Monday 4 January 2021
        ("2025W101", "2025 week 1"),  # starts Monday 30 December 2024
    ],
)
def test_an_iso_week_is_labelled_with_its_iso_year_not_the_mondays_year(key, label):
    assert period_label_nl(key) == label

"""Which comparisons make sense for an indicator: the one place that decides.

Why: the rule "a count is not compared with Nederland" was written out on several
pages and missing on one (the Domein page drew Den Haag's inhabitants against the
national number on one axis). Every page, the brief and the CLI ask here.
"""

from __future__ import annotations

from data_sources.catalogue import Indicator


def is_count(indicator: Indicator) -> bool:
    """Inhabitants, dwellings, ...: the size of the area, not a rate."""
    return indicator.is_count


def compares_with_nl(indicator: Indicator) -> bool:
    """A difference with, a ratio to or a corona gap against Nederland makes sense
    only for rates, shares and means (the rule is the catalogue's, Indicator)."""
    return indicator.compares_with_nl


def has_gebied_figure(indicator: Indicator) -> bool:
    """Only wijk-level sources add up to a gebied's own figure; a gemeente-level
    figure is the gemeente's and never fills the gebied's own slot."""
    return indicator.level == "wijk"


def has_rest_figure(indicator: Indicator) -> bool:
    """The rest of a gemeente (without the gebied) exists only from wijk figures."""
    return indicator.level == "wijk"


def is_national_only(indicator: Indicator) -> bool:
    return indicator.level == "nederland"

"""The national corona measures as events on a time series, for every page.

Why here: /corona drew them first; the trend card of the Domein and Gebied pages
draws the same lines, so reading the file and thinning the labels is written once
(no Dash, so the exports can use it too).
"""

from __future__ import annotations

import pandas as pd

from data_sources.maatregelen import read_maatregelen
from data_sources.model import SourceError

# Events closer than this to the previous labelled one get a line without a label
# (vertical labels would overlap); the list under the chart names them all.
LABEL_GAP_DAYS = 14


def timeline_events(read=read_maatregelen) -> tuple[pd.DataFrame, str | None]:
    """The measures as trend_figure events; an unreadable file gives an error text
    (``read``: the reader of the file, which a page may hand in)."""
    try:
        return read().frame(), None
    except SourceError as exc:
        return pd.DataFrame(columns=["date", "label", "description", "source"]), str(
            exc
        )


def chart_events(events: pd.DataFrame) -> pd.DataFrame:
    """Events with labels thinned where they would overlap (every line stays)."""
    labels, last = [], None
    for when, label in zip(events["date"], events["label"]):
        if last is not None and when - last < pd.Timedelta(days=LABEL_GAP_DAYS):
            labels.append("")
        else:
            labels.append(label)
            last = when
    return events.assign(label=labels)

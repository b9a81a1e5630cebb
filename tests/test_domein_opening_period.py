"""A Domein view of a corona series opens on the national peak of the corona years,
not on the source's last week (a tail of zeros where the map is one colour); other
indicators open on their latest period. The same rule as /corona (issue 11)."""

from __future__ import annotations

import pandas as pd

from dashboard.views import domein
from data_sources.periods import period_label_nl


def _national_peak(service, indicator_id: str) -> str:
    # written out: the highest national value with a start in March 2020 - 2022
    series = service.series(indicator_id, "NL01").dropna(subset=["value"])
    starts = pd.to_datetime(series["period_start"])
    corona = series[(starts >= "2020-03-01") & (starts <= "2022-12-31")]
    return corona.loc[corona["value"].idxmax(), "period"]


def test_a_corona_series_opens_on_its_national_peak(snapshot_service):
    service = snapshot_service
    view = domein.resolve(service, "corona", {"indicator": "ziekenhuisopnames"})
    indicator = service.catalogue.indicator("ziekenhuisopnames")
    peak = _national_peak(service, "ziekenhuisopnames")
    assert domein.period_key(service, indicator, view) == peak
    latest = domein.periods(service, indicator, view.gebied)["period"].iloc[0]
    assert peak != latest  # the source's last week is not where it opens
    first = domein.period_options(service, view)[0]
    assert first["value"] == domein.LATEST
    assert first["label"] == f"Piek van de coronajaren ({period_label_nl(peak)})"


def test_other_indicators_open_on_their_latest_period(snapshot_service):
    service = snapshot_service
    view = domein.resolve(service, "veiligheid", {"indicator": "woninginbraak"})
    indicator = service.catalogue.indicator("woninginbraak")
    found = domein.periods(service, indicator, view.gebied)
    assert domein.period_key(service, indicator, view) == found["period"].iloc[0]
    assert domein.period_options(service, view)[0]["label"].startswith("Laatste (")

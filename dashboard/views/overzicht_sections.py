"""The Overzicht's other sections as data: latest data, key figures per domain and
the stapeling heatmap's rows.

Why: the page used to compute these itself, with its own coverage rule (an
Overzicht-only MIN_COVERAGE beside the catalogue's ``coverage_threshold``). Now the
service's rule decides (``CoverageError`` below the indicator's threshold) and the
page only lays out what is returned here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..areas import ALL_GEBIEDEN
from ..periods_text import period_label
from ..services import CoverageError, QueryError, Service
from . import policy

# Key figures per domain, tried in this order; other indicators of the domain follow.
PER_DOMAIN = 2
SORTS = ("totaal", "naam")


@dataclass
class LatestData:
    fetched_at: str | None
    origin: str | None  # "snapshot" or the live origin
    cbs_modified: str | None
    cbs_table: str | None
    cbs_title: str | None
    corona_modified: str | None


def latest_data(service: Service) -> LatestData | None:
    """Newest fetched-at and the newest source dates, from the cache's source list."""
    sources = service.sources()
    if not len(sources):
        return None
    newest = sources.loc[sources["fetched_at"].astype(str).idxmax()]
    cbs = sources[
        sources["cbs_modified"].notna()
        & sources["attribution"].astype(str).str.contains("CBS")
        & sources["dataset"].astype(str).str.startswith("cbs_")
    ]
    row = cbs.loc[cbs["cbs_modified"].astype(str).idxmax()] if len(cbs) else None
    corona = sources[sources["dataset"] == "corona_gemeenten"]
    return LatestData(
        fetched_at=str(newest["fetched_at"]),
        origin=str(newest["origin"]),
        cbs_modified=row["cbs_modified"] if row is not None else None,
        cbs_table=row["table_id"] if row is not None else None,
        cbs_title=str(row["title"]).strip() if row is not None else None,
        corona_modified=(
            corona.iloc[0]["cbs_modified"]
            if len(corona) and corona.iloc[0]["cbs_modified"]
            else None
        ),
    )


def key_figure(service: Service, indicator) -> dict:
    """The comparison for the gebieden together; QueryError when there is none
    (CoverageError when the service's coverage rule finds too few wijken)."""
    comparison = service.comparison(indicator.id, ALL_GEBIEDEN)
    value = comparison["value"]
    if value is None or pd.isna(value):
        raise QueryError(comparison["missing_reason"] or "geen gegevens")
    return comparison


def domain_figures(service: Service, domain) -> tuple[list[dict], str | None]:
    """Up to PER_DOMAIN comparisons for the domain (featured first, counts last),
    and, when there are none because of coverage, how little there is."""
    preferred = domain.featured
    order = sorted(
        service.catalogue.in_domain(domain.id),
        key=lambda i: (
            preferred.index(i.id) if i.id in preferred else len(preferred),
            policy.is_count(i),
        ),
    )
    figures, partial = [], None
    for indicator in order:
        if len(figures) >= PER_DOMAIN:
            break
        try:
            figures.append(key_figure(service, indicator))
        except CoverageError as exc:  # below the catalogue's coverage threshold
            partial = partial or exc.coverage
        except QueryError:
            continue
    return figures, (partial if not figures else None)


@dataclass
class StapelingView:
    frame: pd.DataFrame  # the service's stapeling rows for the chosen gebieden
    order: list[str]  # gebied names, top to bottom
    table: pd.DataFrame  # area_name, __total, one column per indicator title
    indicators: list  # Indicator, in the order of the frame
    gemeente_titles: list[str]  # indicators that exist per gemeente only
    periods_text: str  # "title: period; ..."


def stapeling_frame(service: Service, chosen: list[str], lang: str) -> pd.DataFrame:
    frame = service.stapeling()
    if not len(frame):
        return frame
    if chosen:
        frame = frame[frame["area_id"].isin(chosen)]
    if lang != "nl":
        titles = {i.id: i.title.get(lang) for i in service.catalogue.indicators}
        frame = frame.assign(title=frame["indicator"].map(titles))
    return frame


def stapeling_order(frame: pd.DataFrame, sort: str) -> list[str]:
    """Row order of the heatmap (the same rule as stapeling_figure)."""
    means = frame.groupby("area_name")["score"].mean()
    if sort == "naam":
        return sorted(means.index)
    return list(means.sort_values(ascending=False).index)


def stapeling_view(
    service: Service, sort: str, chosen: list[str], lang: str
) -> StapelingView | None:
    """None when there is nothing to draw; QueryError from the service passes."""
    frame = stapeling_frame(service, chosen, lang)
    if not len(frame):
        return None
    order = stapeling_order(frame, sort)
    matrix = frame.pivot_table(
        index="area_name", columns="title", values="score", aggfunc="first"
    )
    table = matrix.loc[order].reset_index()
    table.insert(1, "__total", matrix.loc[order].mean(axis=1).to_numpy())
    indicators = [service.indicator(i) for i in dict.fromkeys(frame["indicator"])]
    periods = frame.drop_duplicates("indicator")
    return StapelingView(
        frame=frame,
        order=order,
        table=table,
        indicators=indicators,
        gemeente_titles=[
            i.title.get(lang) for i in indicators if i.level == "gemeente"
        ],
        periods_text="; ".join(
            f"{row.title}: {period_label(row.period, lang)}"
            for row in periods.itertuples()
        ),
    )

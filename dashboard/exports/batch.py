"""Exports in batch for ``coronadash export``: per gebied the brief, charts and data.

No typer here (the CLI wraps it with a progress bar). Everything is checked before the
first file is written: the formats, the gebied ids (an unknown one refuses the whole
run) and the output folder. Each file's name comes from
:func:`filenames.export_name` and is written through :func:`filenames.write_inside`,
so no id or text can place a file outside the folder. One kaleido/Chromium serves all
images of a batch (:func:`images.image_server`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from ..services import QueryError, Service
from ..views import policy
from . import tables
from .brief import brief_content, render_brief
from .charts import Chart, key_trend_ids, map_chart, trend_chart
from .filenames import (
    export_name,
    period_part,
    prepare_out_dir,
    view_file_name,
    write_inside,
)
from .images import GeoJSONResolver, render_figure

FORMATS = ("csv", "xlsx", "png", "svg", "pdf")
IMAGE_SIZE = (1000, 600)

# name parts of files that hold every indicator or every period (as on screen, the
# name says what the file holds: page view, indicator, area, period, date)
ALL_INDICATORS = "alle-indicatoren"
ALL_PERIODS = "alle-perioden"


class BatchError(ValueError):
    """A request that cannot start (bad format, unknown gebied): one clear line."""


@dataclass
class Job:
    name: str  # the file name inside the output folder
    make: Callable[[], bytes]


@dataclass
class Result:
    written: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # "name: reason", one per file
    notes: list[str] = field(default_factory=list)  # charts that do not exist


def _short(text: str, length: int) -> str:
    """User text in a message, bounded (a 10 kB argument stays one readable line)."""
    return text if len(text) <= length else text[: length - 3] + "..."


def parse_formats(values: Iterable[str]) -> list[str]:
    """``["csv,xlsx", "pdf"]`` -> ``["csv", "xlsx", "pdf"]``; unknown -> BatchError."""
    formats: list[str] = []
    for value in values:
        for part in str(value).split(","):
            part = part.strip().lower()
            if not part:
                continue
            if part not in FORMATS:
                raise BatchError(
                    f"onbekend formaat {_short(part, 20)!r}; kies uit {','.join(FORMATS)}"
                )
            if part not in formats:
                formats.append(part)
    if not formats:
        raise BatchError(f"geen formaat gekozen; kies uit {','.join(FORMATS)}")
    return formats


def resolve_gebieden(service: Service, ids: Iterable[str], all_gebieden: bool) -> list:
    """The asked-for gebieden in order; an unknown id refuses the whole batch."""
    gebieden = service.registry.gebieden()
    if all_gebieden:
        return list(gebieden)
    known = {area.id: area for area in gebieden}
    chosen = []
    for gebied_id in ids:
        area = known.get(gebied_id)
        if area is None:
            raise BatchError(
                f"onbekend gebied {_short(gebied_id, 60)!r}; "
                "zie 'coronadash areas --level gebied'"
            )
        if area not in chosen:
            chosen.append(area)
    if not chosen:
        raise BatchError(
            "geen gebied gekozen: --gebied ID (herhaalbaar) of --all-gebieden"
        )
    return chosen


def _image(chart: Chart, fmt: str, geojson) -> Callable[[], bytes]:
    return lambda: render_figure(
        chart.figure,
        title=chart.title,
        subtitle=chart.subtitle,
        source_lines=chart.sources,
        fmt=fmt,
        width=IMAGE_SIZE[0],
        height=IMAGE_SIZE[1],
        geojson=geojson,
    )


def gebied_selection(service: Service, area) -> tables.Selection:
    """Every indicator with a figure for the gebied, for the gebied, the rest of its
    gemeente, the gemeente and NL, every period: what the gebied page draws from."""
    profile = service.profile(area.id)
    indicators = list(profile["indicator"]) if len(profile) else []
    areas = [area.id, f"rest-{area.id}", area.gemeente, "NL01"]
    return tables.Selection(indicators, [a for a in areas if a])


def gebied_frame(service: Service, area) -> pd.DataFrame:
    """The figures file of a gebied: ``gebied_selection``'s rows, where a gemeente-level
    figure stands once, under the gemeente (policy.has_gebied_figure): the service
    answers a gebied with its gemeente's figure and a note, which in a file read by
    area_id would pass for the gebied's own."""
    frame = tables.export_frame(service, gebied_selection(service, area))
    own = {area.id, f"rest-{area.id}"}
    gemeente_level = {
        i
        for i in set(frame["indicator"])
        if not policy.has_gebied_figure(service.indicator(i))
    }
    keep = ~(frame["area_id"].isin(own) & frame["indicator"].isin(gemeente_level))
    return frame[keep].reset_index(drop=True)


def plan(
    service: Service,
    gebieden: list,
    formats: list[str],
    geojson: GeoJSONResolver | None = None,
) -> tuple[list[Job], list[str]]:
    """The files to write (built lazily, one at a time) and notes on skipped charts."""
    jobs: list[Job] = []
    notes: list[str] = []
    today = date.today().isoformat()
    for area in gebieden:
        if "pdf" in formats:
            jobs.append(
                Job(
                    export_name(area.id, "gebiedsprofiel", ext="pdf"),
                    lambda area=area: render_brief(
                        brief_content(service, area.id, geojson)
                    ),
                )
            )
        image_formats = [f for f in formats if f in ("png", "svg")]
        if image_formats:
            charts = [map_chart(service, area)]
            for indicator_id in key_trend_ids(service, area):
                charts.append(trend_chart(service, area, indicator_id))
            for chart in charts:
                if not isinstance(chart, Chart):
                    notes.append(f"{area.id}: {chart}")
                    continue
                for fmt in image_formats:
                    name = view_file_name(
                        f"gebied-{chart.kind}",
                        chart.indicator.id,
                        area.id,
                        period_part(*chart.periods) if chart.periods else "",
                        today,
                        fmt,
                    )
                    jobs.append(Job(name, _image(chart, fmt, geojson)))
        data_formats = [f for f in formats if f in ("csv", "xlsx")]
        if data_formats:
            frame_cache: dict = {}

            def frame(area=area, cache=frame_cache):
                if "frame" not in cache:
                    cache["frame"] = gebied_frame(service, area)
                return cache["frame"]

            for fmt in data_formats:
                name = view_file_name(
                    "gebied-cijfers", ALL_INDICATORS, area.id, ALL_PERIODS, today, fmt
                )
                make = (
                    (lambda frame=frame: tables.to_csv(frame()))
                    if fmt == "csv"
                    else (lambda frame=frame: tables.to_xlsx(service, frame()))
                )
                jobs.append(Job(name, make))
    return jobs, notes


SERIES_FORMATS = ("csv", "xlsx")


def resolve_series(
    service: Service, area_ids: Iterable[str], indicator_ids: Iterable[str]
) -> tuple[list[str], list[str]]:
    """Areas (default Nederland) and indicators (default: every one with a series
    for those areas) of a series export; an unknown id refuses the whole batch."""
    areas = list(dict.fromkeys(area_ids)) or ["NL01"]
    for area_id in areas:
        if area_id not in service.registry.areas:
            raise BatchError(
                f"onbekend gebied {_short(area_id, 60)!r}; zie 'coronadash areas'"
            )
    indicators = list(dict.fromkeys(indicator_ids))
    for indicator_id in indicators:
        try:
            service.indicator(indicator_id)
        except QueryError:
            raise BatchError(
                f"onbekende indicator {_short(indicator_id, 60)!r}; "
                "zie 'coronadash indicators'"
            ) from None
    if not indicators:
        indicators = [i.id for i in service.catalogue.indicators]
    return areas, indicators


def plan_series(
    service: Service, areas: list[str], indicators: list[str], formats: list[str]
) -> list[Job]:
    """One data file per area (and indicator, if named) with every period: the
    national series with their status (voorlopig, nader voorlopig, definitief)."""
    wrong = [f for f in formats if f not in SERIES_FORMATS]
    if wrong:
        raise BatchError(
            f"reeksen worden als {' of '.join(SERIES_FORMATS)} geschreven, "
            f"niet als {','.join(wrong)}"
        )
    jobs: list[Job] = []
    for area_id in areas:
        selection = tables.Selection(indicators, [area_id])
        cache: dict = {}

        def frame(selection=selection, cache=cache):
            if "frame" not in cache:
                cache["frame"] = tables.export_frame(service, selection)
                if not len(cache["frame"]):
                    raise QueryError(
                        "geen cijfers: " + "; ".join(selection.problems[:3])
                    )
            return cache["frame"]

        indicator = indicators[0] if len(indicators) == 1 else ALL_INDICATORS
        today = date.today().isoformat()
        for fmt in formats:
            make = (
                (lambda frame=frame: tables.to_csv(frame()))
                if fmt == "csv"
                else (lambda frame=frame: tables.to_xlsx(service, frame()))
            )
            name = view_file_name(
                "reeksen", indicator, area_id, ALL_PERIODS, today, fmt
            )
            jobs.append(Job(name, make))
    return jobs


def run(
    jobs: list[Job],
    out_dir: str | Path,
    on_progress: Callable[[Job, str | None], None] | None = None,
) -> Result:
    """Write every job into ``out_dir``; a failing file is reported, the rest go on."""
    folder = prepare_out_dir(out_dir)
    result = Result()
    for job in jobs:
        problem = None
        try:
            result.written.append(write_inside(folder, job.name, job.make()))
        except (QueryError, OSError, ValueError, RuntimeError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            problem = f"{job.name}: {reason}"
            result.failures.append(problem)
        if on_progress is not None:
            on_progress(job, problem)
    return result

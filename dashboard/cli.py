"""``coronadash``: refresh the cache, show its status, serve the dashboard.

Every failure ends in one clear line on stderr and a non-zero exit code; no
traceback reaches the user.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.table import Table

from data_sources.cache import CacheError
from data_sources.freshness import next_release
from data_sources.model import SourceError
from data_sources.settings import Settings

from .bootstrap import cache_or_exit, serve, settings_or_exit
from .console import err, fail, out, progress_bar, run_refresh, safe_url

if TYPE_CHECKING:
    pass

app = typer.Typer(
    help="Coronadashboard Sociaal Domein: gegevens verversen, status tonen, dashboard starten.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.command("refresh")
def refresh_command(
    source: Annotated[
        Optional[str],
        typer.Option(help="live, snapshot of auto (live, anders de momentopname)"),
    ] = None,
    snapshot_dir: Annotated[
        Optional[Path],
        typer.Option(help="map met de momentopname (standaard uit config)"),
    ] = None,
    only: Annotated[
        Optional[list[str]],
        typer.Option(help="alleen deze dataset of tabel (herhaalbaar)"),
    ] = None,
) -> None:
    """Vul of ververs de cache met CBS-, corona- en gebiedsgegevens."""
    settings = settings_or_exit()
    chosen = source or settings.default_source
    if chosen not in ("auto", "live", "snapshot"):
        fail(f"--source moet live, snapshot of auto zijn, niet {chosen!r}", 2)
    if snapshot_dir is not None and not snapshot_dir.is_dir():
        fail(f"momentopnamemap {snapshot_dir} bestaat niet", 2)
    cache = cache_or_exit(settings)
    if not run_refresh(settings, cache, chosen, only, snapshot_dir):
        raise typer.Exit(1)


@app.command("status")
def status_command(
    as_json: Annotated[bool, typer.Option("--json", help="uitvoer als JSON")] = False,
) -> None:
    """Toon per geladen tabel bron, rijen, perioden, CBS-wijzigingsdatum, ophaaltijd
    en wanneer de bron weer verwacht te publiceren."""
    settings = settings_or_exit()
    cache = cache_or_exit(settings)
    try:
        frame = cache.sources()
        attempts = cache.last_attempts()
        not_numbers = cache.not_numbers()
    except CacheError as exc:
        fail(f"cache: {exc}")
    failed = attempts[attempts["ok"] == 0] if len(attempts) else attempts
    records = []
    for row in frame.itertuples():
        records.append(
            {
                "dataset": row.dataset,
                "bron": row.kind,
                "tabel": row.table_id,
                "titel": row.title,
                "rijen": int(row.row_count),
                "perioden": f"{row.periods_from or '-'} t/m {row.periods_to or '-'}",
                "cbs_gewijzigd": row.cbs_modified,
                "opgehaald": str(row.fetched_at),
                "volgende_publicatie": next_release(
                    row.frequency, row.release_date
                ).text
                if row.kind in ("cbs_v3", "cbs_v4")
                else None,
                "herkomst": row.origin,
                "licentie": row.licence,
                "geen_getal": not_numbers.get(row.dataset, 0),
            }
        )
    failures = [
        {"dataset": r.dataset, "poging": str(r.attempted_at), "melding": r.message}
        for r in failed.itertuples()
    ]
    if as_json:
        print(
            json.dumps(
                {"tabellen": records, "mislukt": failures}, ensure_ascii=False, indent=2
            )
        )
        return
    if not records:
        out.print("De cache is leeg. Vul hem met: coronadash refresh")
    table = Table(title=f"Cache: {safe_url(settings.sqlalchemy_url)}")
    for column in (
        "dataset",
        "tabel",
        "titel",
        "rijen",
        "perioden",
        "cbs_gewijzigd",
        "opgehaald",
        "volgende_publicatie",
        "herkomst",
    ):
        table.add_column(column.replace("_", " "), overflow="fold")
    for r in records:
        table.add_row(
            r["dataset"],
            r["tabel"],
            r["titel"][:60],
            f"{r['rijen']:,}".replace(",", "."),
            r["perioden"],
            (r["cbs_gewijzigd"] or "onbekend")[:10],
            r["opgehaald"][:19],
            r["volgende_publicatie"] or "–",
            r["herkomst"],
        )
    out.print(table)
    _report_catalogue(settings)
    for r in records:
        if r["geen_getal"]:
            err.print(
                f"[yellow]let op:[/] {r['dataset']} (tabel {r['tabel']}): "
                f"{r['geen_getal']} waarden zonder getal in de bron, als ontbrekend "
                "opgeslagen",
                highlight=False,
                soft_wrap=True,
            )
    for f in failures:
        err.print(
            f"[red]laatste poging mislukt:[/] {f['dataset']} ({f['poging'][:19]}): {f['melding']}",
            highlight=False,
            soft_wrap=True,
        )


def service_or_exit(settings: Settings):
    from dashboard.services import Service

    try:
        return Service(cache_or_exit(settings))
    except SourceError as exc:
        fail(f"catalogus: {exc}", 2)


def _json_default(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value != value:
        return None
    return str(value)


def _print_json(payload) -> None:
    print(json.dumps(payload, ensure_ascii=False, indent=2, default=_json_default))


def _records(frame) -> list[dict]:
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict(orient="records")


@app.command("indicators")
def indicators_command(
    as_json: Annotated[bool, typer.Option("--json", help="uitvoer als JSON")] = False,
) -> None:
    """Toon de indicatorcatalogus: id, titel, domein, eenheid, niveau, beschikbare perioden."""
    service = service_or_exit(settings_or_exit())
    try:
        frame = service.indicators_frame()
    except CacheError as exc:
        fail(f"cache: {exc}")
    if as_json:
        _print_json(_records(frame))
        return
    table = Table(title="Indicatoren")
    for column in ("id", "titel", "domein", "eenheid", "niveau", "perioden"):
        table.add_column(column, overflow="fold")
    for row in frame.itertuples():
        periods = row.periods or f"[red]{row.problem or 'geen gegevens'}[/]"
        table.add_row(row.id, row.title, row.domain, row.unit, row.level, periods)
    out.print(table)


@app.command("areas")
def areas_command(
    level: Annotated[
        Optional[str],
        typer.Option(
            help="alleen dit niveau: nederland, gemeente, wijk, gebied, gebieden, rest"
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="uitvoer als JSON")] = False,
) -> None:
    """Toon de gebieds-id's per niveau (de gebieden met hun status)."""
    service = service_or_exit(settings_or_exit())
    try:
        frame = service.registry.frame()
    except CacheError as exc:
        fail(f"cache: {exc}")
    levels = sorted(frame["level"].unique())
    if level is not None:
        if level not in levels:
            fail(f"onbekend niveau {level!r}; kies uit {', '.join(levels)}", 2)
        frame = frame[frame["level"] == level]
    if as_json:
        _print_json(_records(frame))
        return
    table = Table(title="Gebieden")
    for column in ("id", "naam", "niveau", "gemeente", "wijken", "status"):
        table.add_column(column, overflow="fold")
    for row in _records(frame):
        table.add_row(
            row["area_id"],
            row["name"] or row["area_id"],
            row["level"],
            row["gemeente"] or "",
            str(row["wijken"]),
            row["status"] or "",
        )
    out.print(table)


@app.command("query")
def query_command(
    indicator: Annotated[
        str, typer.Option(help="indicator-id (zie: coronadash indicators)")
    ],
    area: Annotated[str, typer.Option(help="gebied-id (zie: coronadash areas)")],
    period: Annotated[
        Optional[str],
        typer.Option(
            help="jaar (2022) of CBS-periode (2020MM04); standaard de laatste"
        ),
    ] = None,
    base_period: Annotated[
        Optional[str], typer.Option(help="basisperiode voor de verandering")
    ] = None,
    kloof_voor: Annotated[
        Optional[str],
        typer.Option(help="coronakloof: periode vóór corona (2019 of 2019MM06)"),
    ] = None,
    kloof_na: Annotated[
        Optional[str],
        typer.Option(help="coronakloof: periode in de coronajaren (2021 of 2021MM06)"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="uitvoer als JSON")] = False,
) -> None:
    """Toon de waarde van een indicator voor een gebied, met vergelijkingen en herkomst."""
    from dashboard.formatting import PLAIN_UNITS, format_number, format_value
    from dashboard.services import QueryError
    from dashboard.services.results import to_dutch

    service = service_or_exit(settings_or_exit())
    try:
        result = service.comparison(indicator, area, period, base_period)
        gap = service.coronakloof(indicator, area, kloof_voor, kloof_na)
    except QueryError as exc:
        fail(str(exc))
    except CacheError as exc:
        fail(f"cache: {exc}")
    if kloof_voor is not None and gap["reason_code"] is not None:
        fail(gap["reason"])  # a chosen pair that cannot be compared is an error
    result["kloof"] = gap
    if as_json:
        _print_json(to_dutch(result))
        return
    decimals = result["decimals"]
    unit = result["unit"]

    def show(value, suffix: str = unit) -> str:
        if value is None:
            return "geen gegevens"
        if suffix in PLAIN_UNITS:  # '€ 240.000', as on the dashboard
            return format_value(value, decimals, suffix)
        return f"{format_number(value, decimals)} {suffix}"

    def show_difference(value) -> str:
        # A difference between percentages is in percentage points.
        return show(value, "procentpunt" if unit == "%" else unit)

    table = Table(
        title=f"{result['title']} — {result['area_name']}, {result['period_label']}",
        show_header=False,
    )
    table.add_column("", style="bold")
    table.add_column("")
    table.add_row(
        "waarde",
        show(result["value"])
        if result["value"] is not None
        else (result["missing_reason"] or "geen gegevens"),
    )
    table.add_row("status", result["status"])
    table.add_row("Nederland", show(result["netherlands"]))
    if result["municipality"] is not None:
        table.add_row("gemeente", show(result["municipality"]))
    if result["rest_of_municipality"] is not None:
        table.add_row("rest van de gemeente", show(result["rest_of_municipality"]))
    if result["difference_from_nl"] is not None:
        table.add_row(
            "verschil met Nederland", show_difference(result["difference_from_nl"])
        )
    if result["change_since_base"] is not None:
        table.add_row(
            f"verandering sinds {result['base_period']}",
            show(result["change_since_base"]),
        )
    lines = [p["sentence"] for p in gap["pairs"]] or [gap["reason"]]
    table.add_row("coronakloof", "\n".join(lines))
    for label, key in (("niveau", "level_note"), ("dekking", "coverage")):
        if result[key]:
            table.add_row(label, result[key])
    if result["estimate"]:
        table.add_row("let op", "schatting: gewogen met een benaderde basis")
    modified = (result["cbs_modified"] or "onbekend")[:10]
    table.add_row(
        "bron",
        f"tabel {result['table_id']} (gewijzigd {modified}), opgehaald {result['fetched_at']} ({result['origin']})",
    )
    out.print(table)


def _report_catalogue(settings: Settings) -> None:
    """Indicators whose inputs are not in the cache: reported, never fatal."""
    from dashboard.services import Service

    try:
        problems = Service(cache_or_exit(settings)).problems()
    except SourceError as exc:
        err.print(f"[red]catalogus ongeldig:[/] {exc}", highlight=False)
        return
    for indicator_id, problem in problems.items():
        err.print(
            f"[yellow]indicator zonder gegevens:[/] {indicator_id}: {problem}",
            highlight=False,
        )


@app.command("export")
def export_command(
    gebied: Annotated[
        Optional[list[str]],
        typer.Option("--gebied", help="gebied-id (herhaalbaar; zie: coronadash areas)"),
    ] = None,
    all_gebieden: Annotated[
        bool,
        typer.Option("--all-gebieden", help="alle gebieden van het gebiedenbestand"),
    ] = False,
    formats: Annotated[
        Optional[list[str]],
        typer.Option(
            "--format",
            help="csv,xlsx,png,svg,pdf (komma's of herhaald; standaard pdf, "
            "bij --area/--indicator csv)",
        ),
    ] = None,
    out_dir: Annotated[
        Path, typer.Option("--out", help="uitvoermap (wordt gemaakt als die ontbreekt)")
    ] = Path("export"),
    area: Annotated[
        Optional[list[str]],
        typer.Option(
            "--area",
            help="reeksen van een gebied, bv. NL01 (herhaalbaar; CSV/XLSX, alle perioden)",
        ),
    ] = None,
    indicator: Annotated[
        Optional[list[str]],
        typer.Option(
            "--indicator",
            help="reeks van een indicator (herhaalbaar; zonder --area: Nederland)",
        ),
    ] = None,
) -> None:
    """Schrijf per gebied het gebiedsprofiel (PDF), de grafieken (PNG/SVG) en de cijfers
    (CSV/XLSX) in één map; één Chromium voor alle afbeeldingen. Met --area of
    --indicator: de volledige reeksen (met status voorlopig/definitief) als CSV/XLSX."""
    from dashboard.exports import batch
    from dashboard.exports.images import (
        ImageExportError,
        geojson_from_store,
        image_server,
    )
    from dashboard.geo import geo_store
    from dashboard.services import QueryError

    if gebied and all_gebieden:
        fail("kies --gebied ID of --all-gebieden, niet beide", 2)
    series_mode = bool(area or indicator)
    if series_mode and (gebied or all_gebieden):
        fail("kies --gebied/--all-gebieden of --area/--indicator, niet beide", 2)
    try:
        chosen_formats = batch.parse_formats(
            formats or (["csv"] if series_mode else ["pdf"])
        )
    except batch.BatchError as exc:
        fail(str(exc), 2)
    service = service_or_exit(settings_or_exit())
    if series_mode:
        _export_series(service, area or [], indicator or [], chosen_formats, out_dir)
        return
    try:
        areas = batch.resolve_gebieden(service, gebied or [], all_gebieden)
    except batch.BatchError as exc:
        fail(str(exc), 2)
    except CacheError as exc:
        fail(f"cache: {exc}")
    folder = _out_dir_or_exit(out_dir)
    needs_images = bool({"pdf", "png", "svg"} & set(chosen_formats))
    geojson = geojson_from_store(geo_store(service))
    try:
        jobs, notes = batch.plan(service, areas, chosen_formats, geojson)
    except (QueryError, CacheError) as exc:
        fail(str(exc))
    for note in notes:
        err.print(f"[yellow]let op:[/] {note}", highlight=False, soft_wrap=True)
    with progress_bar() as progress:
        task = progress.add_task("exporteren", total=len(jobs))

        def on_progress(job, problem) -> None:
            progress.update(task, advance=1, description=job.name)
            if problem:
                progress.console.print(
                    f"[red]mislukt:[/] {problem}", highlight=False, soft_wrap=True
                )

        try:
            with image_server() if needs_images else nullcontext():
                result = batch.run(jobs, folder, on_progress)
        except ImageExportError as exc:
            fail(str(exc))
        progress.update(task, description="klaar")
    _summary_and_exit(result, jobs, folder)


def _out_dir_or_exit(out_dir: Path) -> Path:
    from dashboard.exports.filenames import UnsafeNameError, prepare_out_dir

    try:
        return prepare_out_dir(out_dir)
    except UnsafeNameError as exc:
        fail(str(exc), 2)
    raise AssertionError


def _summary_and_exit(result, jobs, folder: Path) -> None:
    """One line with what was written; exit 1 unless every file was."""
    err.print(
        f"{len(result.written)} van {len(jobs)} bestanden geschreven in {folder}.",
        highlight=False,
        soft_wrap=True,
    )
    if result.failures or not jobs:
        raise typer.Exit(1)


def _export_series(service, areas, indicators, formats, out_dir: Path) -> None:
    """``export --area NL01 [--indicator ID]``: series files, one per area."""
    from dashboard.exports import batch

    try:
        areas, indicators = batch.resolve_series(service, areas, indicators)
        jobs = batch.plan_series(service, areas, indicators, formats)
    except batch.BatchError as exc:
        fail(str(exc), 2)
    except CacheError as exc:
        fail(f"cache: {exc}")
    folder = _out_dir_or_exit(out_dir)
    result = batch.run(jobs, folder)
    for problem in result.failures:
        err.print(f"[red]mislukt:[/] {problem}", highlight=False, soft_wrap=True)
    _summary_and_exit(result, jobs, folder)


@app.command("serve")
def serve_command(
    host: Annotated[
        Optional[str], typer.Option(help="adres (standaard 127.0.0.1)")
    ] = None,
    port: Annotated[Optional[int], typer.Option(help="poort (standaard 8050)")] = None,
    workers: Annotated[
        Optional[int],
        typer.Option(
            min=1,
            max=64,
            help="processen (gunicorn); 1: Flask's eigen server (standaard: config)",
        ),
    ] = None,
) -> None:
    """Start het dashboard; vult eerst de cache als die leeg is."""
    settings = settings_or_exit()
    serve(settings, host, port, workers)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("afgebroken")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback
        if os.environ.get("CORONADASH_DEBUG"):
            raise
        err.print(
            f"[bold red]onverwachte fout:[/] {type(exc).__name__}: {exc} "
            "(zet CORONADASH_DEBUG=1 voor details)",
            highlight=False,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()

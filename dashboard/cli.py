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
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from data_sources.cache import Cache, CacheError
from data_sources.freshness import next_release
from data_sources.model import SourceError
from data_sources.settings import ConfigError, Settings, load_settings

if TYPE_CHECKING:
    from data_sources.refresh import Outcome

app = typer.Typer(
    help="Coronadashboard Sociaal Domein: gegevens verversen, status tonen, dashboard starten.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)


def fail(message: str, code: int = 1) -> None:
    # soft_wrap: one line whatever the terminal width (stderr is often a log file)
    err.print(f"[bold red]fout:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def settings_or_exit() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        fail(f"configuratie: {exc}", 2)
    raise AssertionError  # unreachable


def cache_or_exit(settings: Settings) -> Cache:
    try:
        return Cache(settings.sqlalchemy_url)
    except CacheError as exc:
        fail(f"cache ({_safe_url(settings.sqlalchemy_url)}): {exc}")
    raise AssertionError


def _safe_url(url: str) -> str:
    """The database URL without a password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
        secret = [key for key in parsed.query if key.lower() == "password"]
        return parsed.difference_update_query(secret).render_as_string(
            hide_password=True
        )
    except Exception:  # noqa: BLE001 - any unparsable URL is shown as a placeholder
        return "<ongeldige database-URL>"


def progress_bar(disable: bool = False) -> Progress:
    """The progress bar of long commands, on stderr (stdout stays for results)."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err,
        disable=disable,
        transient=False,
    )


def run_refresh(
    settings: Settings,
    cache: Cache,
    source: str,
    only: list[str] | None,
    snapshot_dir: Path | None,
    quiet: bool = False,
) -> bool:
    """Refresh with a progress bar and a summary; True when everything loaded."""
    # Imported here: the loaders (requests, pandera, ...) cost a second at start-up.
    from data_sources.refresh import refresh

    from .precompute import store as store_precomputed

    with progress_bar(disable=quiet) as progress:
        task = None

        def on_progress(dataset: str, outcome: Outcome | None) -> None:
            nonlocal task
            if task is None:
                return
            if outcome is None:
                progress.update(task, description=f"laden: {dataset}")
            else:
                progress.advance(task)

        from data_sources.refresh import load_registry, select_specs

        try:
            total = len(select_specs(load_registry(), only))
        except SourceError as exc:
            fail(str(exc), 2)
        task = progress.add_task("verversen", total=total)
        try:
            report = refresh(
                cache,
                settings,
                source,
                only,
                snapshot_dir,
                on_progress,
                after_land=store_precomputed,
            )
        except SourceError as exc:
            fail(str(exc), 2)
        progress.update(task, description="klaar")
    for notice in report.notices:
        err.print(f"[yellow]let op:[/] {notice}", highlight=False, soft_wrap=True)
    summary = Table(title="Verversen", show_lines=False)
    for column in ("dataset", "bron", "rijen", "resultaat"):
        summary.add_column(column)
    for outcome in report.outcomes:
        result = "ongewijzigd" if outcome.unchanged else "geladen"
        if outcome.skipped:
            result = "overgeslagen (alleen live)"
        summary.add_row(
            outcome.dataset,
            outcome.origin or "-",
            f"{outcome.rows:,}".replace(",", ".") if outcome.ok else "-",
            result if outcome.ok else "[red]mislukt[/]",
        )
    if not quiet:
        out.print(summary)
    for outcome in report.outcomes:
        if not outcome.ok:
            err.print(
                f"[red]mislukt:[/] {outcome.dataset}: {outcome.message}",
                highlight=False,
                soft_wrap=True,  # one line per table, whatever the terminal width
            )
    for outcome in report.outcomes:
        if outcome.skipped:
            err.print(
                f"overgeslagen: {outcome.dataset}: {outcome.message}", highlight=False
            )
    loaded = sum(o.ok and not o.skipped for o in report.outcomes)
    asked = sum(not o.skipped for o in report.outcomes)
    err.print(f"{loaded} van {asked} datasets geladen.", highlight=False)
    return report.ok


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
    table = Table(title=f"Cache: {_safe_url(settings.sqlalchemy_url)}")
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

    service = service_or_exit(settings_or_exit())
    try:
        result = service.comparison(indicator, area, period, base_period)
        gap = service.coronakloof(indicator, area, kloof_voor, kloof_na)
    except QueryError as exc:
        fail(str(exc))
    except CacheError as exc:
        fail(f"cache: {exc}")
    if kloof_voor is not None and gap["reden_code"] is not None:
        fail(gap["reden"])  # a chosen pair that cannot be compared is an error
    result["kloof"] = gap
    if as_json:
        _print_json(result)
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
    table.add_row("Nederland", show(result["nederland"]))
    if result["gemeente"] is not None:
        table.add_row("gemeente", show(result["gemeente"]))
    if result["rest_van_gemeente"] is not None:
        table.add_row("rest van de gemeente", show(result["rest_van_gemeente"]))
    if result["verschil_met_nederland"] is not None:
        table.add_row(
            "verschil met Nederland", show_difference(result["verschil_met_nederland"])
        )
    if result["verandering_sinds_basis"] is not None:
        table.add_row(
            f"verandering sinds {result['basisperiode']}",
            show(result["verandering_sinds_basis"]),
        )
    lines = [p["zin"] for p in gap["paren"]] or [gap["reden"]]
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


def filled_cache(settings: Settings) -> Cache:
    """The cache, refreshed first when empty."""
    cache = cache_or_exit(settings)
    try:
        empty = cache.is_empty()
    except CacheError as exc:
        fail(f"cache: {exc}")
    if empty:
        err.print("De cache is leeg: eerst verversen (bron: auto).")
        if not run_refresh(settings, cache, "auto", None, None):
            err.print(
                "[yellow]Niet alles is geladen; het dashboard toont wat er is.[/]"
            )
    return cache


def skip_notebook_support() -> None:
    """Dash imports IPython for its notebook support whenever IPython is installed
    (0.4-0.7 s of a 2-3 s start); a server never uses it. Only in a fresh process:
    once dash is imported it changes nothing, and a notebook keeps its IPython."""
    if "dash" not in sys.modules and "IPython" not in sys.modules:
        sys.modules["IPython"] = None  # "import IPython" raises ImportError


def build_app(settings: Settings):
    """The Dash app on a filled cache (refreshed first when empty)."""
    cache = filled_cache(settings)
    skip_notebook_support()
    from dashboard.app_factory import create_app

    # Not with debug: Dash's run() still sets up its dev tools, which Flask
    # refuses once the precompression warm-up has made the first request.
    return create_app(settings, cache, precompress=not settings.server.debug)


def serve(
    settings: Settings,
    host: str | None = None,
    port: int | None = None,
    workers: int | None = None,
) -> None:
    workers = workers or settings.server.workers
    host = host or settings.server.host
    if settings.server.debug and not _is_loopback(host):
        # the Werkzeug debugger runs any code a visitor types
        fail(
            f"server.debug staat aan: alleen op 127.0.0.1 of ::1 te starten, niet op "
            f"{host} (zet server.debug uit of server.host op 127.0.0.1)",
            2,
        )
    if workers > 1:
        # Fill the cache once here, not in every worker; then become gunicorn.
        filled_cache(settings)
        from dashboard.wsgi import gunicorn_command

        command = gunicorn_command(host, port or settings.server.port, workers)
        os.execv(command[0], command)
    from dashboard.hardening import QuietRequestHandler

    dash_app = build_app(settings)
    dash_app.run(
        host=host,
        port=port or settings.server.port,
        debug=settings.server.debug,
        request_handler=QuietRequestHandler,
    )


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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

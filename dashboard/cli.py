"""``coronadash``: refresh the cache, show its status, serve the dashboard.

Every failure ends in one clear line on stderr and a non-zero exit code; no
traceback reaches the user.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from data_sources.cache import Cache, CacheError
from data_sources.model import SourceError
from data_sources.refresh import Outcome, refresh
from data_sources.settings import ConfigError, Settings, load_settings

app = typer.Typer(
    help="Coronadashboard Sociaal Domein: gegevens verversen, status tonen, dashboard starten.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)


def fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]fout:[/] {message}", highlight=False)
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
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - any unparsable URL is shown as a placeholder
        return "<ongeldige database-URL>"


def run_refresh(
    settings: Settings,
    cache: Cache,
    source: str,
    only: list[str] | None,
    snapshot_dir: Path | None,
    quiet: bool = False,
) -> bool:
    """Refresh with a progress bar and a summary; True when everything loaded."""
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=False,
    ) as progress:
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
            report = refresh(cache, settings, source, only, snapshot_dir, on_progress)
        except SourceError as exc:
            fail(str(exc), 2)
        progress.update(task, description="klaar")
    for notice in report.notices:
        err.print(f"[yellow]let op:[/] {notice}", highlight=False)
    summary = Table(title="Verversen", show_lines=False)
    for column in ("dataset", "bron", "rijen", "resultaat"):
        summary.add_column(column)
    for outcome in report.outcomes:
        result = "ongewijzigd" if outcome.unchanged else "geladen"
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
            )
    loaded = sum(o.ok for o in report.outcomes)
    err.print(f"{loaded} van {len(report.outcomes)} datasets geladen.", highlight=False)
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
    """Toon per geladen tabel bron, rijen, perioden, CBS-wijzigingsdatum en ophaaltijd."""
    settings = settings_or_exit()
    cache = cache_or_exit(settings)
    try:
        frame = cache.sources()
        attempts = cache.last_attempts()
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
                "herkomst": row.origin,
                "licentie": row.licence,
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
            r["herkomst"],
        )
    out.print(table)
    for f in failures:
        err.print(
            f"[red]laatste poging mislukt:[/] {f['dataset']} ({f['poging'][:19]}): {f['melding']}",
            highlight=False,
        )


@app.command("serve")
def serve_command(
    host: Annotated[
        Optional[str], typer.Option(help="adres (standaard 127.0.0.1)")
    ] = None,
    port: Annotated[Optional[int], typer.Option(help="poort (standaard 8050)")] = None,
) -> None:
    """Start het dashboard; vult eerst de cache als die leeg is."""
    settings = settings_or_exit()
    serve(settings, host, port)


def serve(settings: Settings, host: str | None = None, port: int | None = None) -> None:
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
    from dashboard.app_factory import create_app

    dash_app = create_app(settings, cache)
    dash_app.run(
        host=host or settings.server.host,
        port=port or settings.server.port,
        debug=settings.server.debug,
    )


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("afgebroken")
        sys.exit(130)


if __name__ == "__main__":
    main()

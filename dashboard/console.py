"""The terminal side shared by the CLI and the server start: one clear line per
failure, progress on long work, and the refresh summary.

Kept apart from ``cli`` (the commands) and ``bootstrap`` (building and serving the
app) so that both can use it without importing each other.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from data_sources.cache import Cache
from data_sources.model import SourceError
from data_sources.settings import Settings

if TYPE_CHECKING:
    from data_sources.refresh import Outcome

out = Console()
err = Console(stderr=True)


def fail(message: str, code: int = 1) -> None:
    # soft_wrap: one line whatever the terminal width (stderr is often a log file)
    err.print(f"[bold red]fout:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def safe_url(url: str) -> str:
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


def run_precompute(cache: Cache) -> int:
    """Store the figures of the cache's generation for this code, with a spinner."""
    from .precompute import store as store_precomputed

    busy = "cijfers per gebied vooraf berekenen (ongeveer een minuut)"
    with progress_bar() as progress:
        progress.add_task(busy, total=None)
        if not progress.console.is_terminal:
            progress.console.print(busy, highlight=False)
        return store_precomputed(cache)


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
        finished: list[str] = []

        def on_progress(dataset: str, outcome: Outcome | None) -> None:
            nonlocal task
            if task is None:
                return
            if outcome is None:
                progress.update(task, description=f"laden: {dataset}")
                return
            progress.advance(task)
            if not quiet and not progress.console.is_terminal:
                # no bar in a log file or a pipe: one line per table instead
                finished.append(dataset)
                progress.console.print(
                    f"{len(finished)} van {total} datasets: {dataset}", highlight=False
                )

        from data_sources.refresh import load_registry, select_specs

        try:
            total = len(select_specs(load_registry(), only))
        except SourceError as exc:
            fail(str(exc), 2)
        task = progress.add_task("verversen", total=total)

        def precompute(landed: Cache) -> int:
            # minutes of work after the last table: say what is happening (a line
            # for a log file, the bar's text for a terminal)
            busy = "cijfers per gebied vooraf berekenen (enkele minuten)"
            if not quiet:
                progress.console.print(busy, highlight=False)
            progress.update(task, description=busy)
            return store_precomputed(landed)

        try:
            report = refresh(
                cache,
                settings,
                source,
                only,
                snapshot_dir,
                on_progress,
                after_land=precompute if settings.precompute else None,
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

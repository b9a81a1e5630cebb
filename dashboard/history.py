"""Back and Forward for pages whose filters live in the query string.

Why: a page writes its filters to the address (``dcc.Location(refresh=False)``), one
history entry per change. Back or Forward then changes only ``search``; Dash's page
router does not re-render for that, so without this the filters would stay put while
the address changed. :func:`follow_history` registers one callback per page that sets
the filters from the address. The address the page wrote itself already matches its
filters, so that case does nothing (and Forward stays available).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs

import dash
from dash import Input, Output, State

from .url_state import text_value


@dataclass(frozen=True)
class Field:
    name: str  # the query parameter
    component: str  # the filter's component id
    prop: str = "value"
    many: bool = False  # a comma-separated list (a multi-select)


def wanted_values(
    search: str | None,
    fields: Sequence[Field],
    defaults: dict[str, object],
) -> list[object]:
    """The filter values an address asks for; a missing parameter is its default."""
    query = {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}
    values: list[object] = []
    for item in fields:
        raw = query.get(item.name)
        if raw is None:
            values.append(defaults.get(item.name, [] if item.many else None))
        elif item.many:
            values.append([part for part in raw.split(",") if part])
        else:
            values.append(raw)
    return values


def new_search(
    wanted: str,
    current: str | None,
    fields: Sequence[Field],
    defaults: dict[str, object],
):
    """``wanted``, or no_update when the address already shows that view (after
    Back/Forward, or a first address without a query): writing it again would add a
    history entry and cut off Forward."""
    if current is not None and current != wanted:
        if wanted_values(current, fields, defaults) == wanted_values(
            wanted, fields, defaults
        ):
            return dash.no_update
    return wanted


def _same(value: object, current: object, many: bool) -> bool:
    if many:  # a forged state may carry a number or a dict where a list belongs
        return _as_list(value) == _as_list(current)
    return text_value(value) == text_value(current)


def _as_list(value: object) -> list:
    return list(value) if isinstance(value, (list, tuple)) else []


def follow_history(
    url_id: str,
    fields: Sequence[Field],
    defaults: Callable[[dict], dict[str, object]],
    context_id: str,
) -> Callable:
    """Register the callback; ``defaults(context)`` gives the values of a query
    without the parameter (the page's first address, before it was normalised)."""

    @dash.callback(
        *[Output(f.component, f.prop, allow_duplicate=True) for f in fields],
        Input(url_id, "search"),
        *[State(f.component, f.prop) for f in fields],
        State(context_id, "data"),
        prevent_initial_call=True,
    )
    def follow(search, *states):
        *current, context = states
        context = context if isinstance(context, dict) else {}
        wanted = wanted_values(text_value(search), fields, defaults(context))
        changed = [not _same(w, c, f.many) for w, c, f in zip(wanted, current, fields)]
        if not any(changed):
            raise dash.exceptions.PreventUpdate
        out = [w if ch else dash.no_update for w, ch in zip(wanted, changed)]
        return out[0] if len(out) == 1 else out

    return follow

"""The download menu of every chart: CSV, Excel, PNG, SVG and a permalink.

``chart_card`` puts a menu (dbc.DropdownMenu: a named button, items reachable by
keyboard) beside the chart, with the chart's export spec in a dcc.Store whose id is
a pattern (``{"type": SPEC, "card": <card id>}``). Two global callbacks serve every
card of every page: a clientside one takes the figure as drawn (from the graph in
the page) and the page address, and the server one builds the file from the spec
through the query service (``dashboard.exports.tables``) or the figure
(``dashboard.exports.images.render_figure``), or the permalink with the data vintage.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import dash
import dash_bootstrap_components as dbc
from dash import MATCH, Input, Output, State, dcc, html

from .. import expensive, state, vintage
from ..exports import gap_table, tables
from ..exports.filenames import export_name, period_part, view_file_name
from ..exports.images import ImageExportError, render_figure
from ..services import QueryError, Service
from ..url_state import ViewState
from ..views.overzicht import gap_view, resolve_filters

ITEM = "chart-export-item"
SPEC = "chart-export-spec"
REQUEST = "chart-export-request"
FILE = "chart-export-file"
STATUS = "chart-export-status"
LINK_BOX = "chart-export-linkbox"
LINK = "chart-export-link"
COPY = "chart-export-copy"
COPIED = "chart-export-copied"
MENU_CLASS = "chart-export-menu"
GAP_KIND = "coronakloof"  # the Overzicht's gap table (exports.gap_table)

FORMATS = {
    "csv": ("CSV (gegevens)", "CSV (data)"),
    "xlsx": ("Excel (gegevens en bronnen)", "Excel (data and sources)"),
    "png": ("PNG (afbeelding)", "PNG (image)"),
    "svg": ("SVG (afbeelding)", "SVG (image)"),
    "link": ("Permalink (met datastand)", "Permalink (with data vintage)"),
}
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "svg": "image/svg+xml",
}
TEXT = {
    "menu": ("Download", "Download"),
    "menu_of": ("Download: {title}", "Download: {title}"),
    "link": ("Permalink van deze weergave", "Permalink of this view"),
    "link_title": ("Permalink: {title}", "Permalink: {title}"),
    "copy": ("Kopieer", "Copy"),
    "copied": ("Gekopieerd.", "Copied."),
    "link_ready": (
        "De permalink staat klaar, met de datastand.",
        "The permalink is ready, with the data vintage.",
    ),
    "ready": ("{name} is klaar.", "{name} is ready."),
    "no_rows": (
        "Geen cijfers om te downloaden voor deze grafiek.",
        "No figures to download for this chart.",
    ),
    "no_image": (
        "Afbeelding niet beschikbaar: {reason}",
        "Image not available: {reason}",
    ),
    "no_figure": ("de grafiek is nog niet getekend", "the chart is not drawn yet"),
}


def _t(key: str, lang: str) -> str:
    nl, en = TEXT[key]
    return en if lang == "en" else nl


def export_spec(
    service: Service,
    selection: tables.Selection,
    kind: str,
    subject: str | None = None,
) -> dict:
    """What a chart shows, for its store: the selection, the kind and its vintage;
    ``subject`` the area the page is about when the chart's areas do not say it (a
    gebied page's wijk map), for the file name."""
    spec = selection.to_dict()
    spec["kind"] = kind
    if subject:
        spec["subject"] = subject
    datasets = vintage.datasets_of(service, selection.indicators)
    levels = {
        service.registry.areas[a].level
        for a in selection.areas
        if a in service.registry.areas
    }
    if levels & {"gebied", "rest", "gebieden"}:
        datasets.append("gebieden")  # the composition of the gebieden in wijken
    spec["vintage"] = vintage.token(service, datasets)
    return spec


def chart_export(
    service: Service,
    indicators: list[str],
    areas: list[str],
    periods: list[str] | None = None,
    kind: str = "chart",
    lang: str = "nl",
    cells: list[tuple[str, str, str]] | None = None,
    subject: str | None = None,
) -> dict:
    """The export spec of a chart: ``periods`` None = every period of the series."""
    selection = tables.Selection(
        list(dict.fromkeys(indicators)),
        list(dict.fromkeys(areas)),
        None if periods is None else list(periods),
        None if cells is None else [tuple(c) for c in cells],
        lang=lang,
    )
    return export_spec(service, selection, kind, subject)


def download_menu(
    card_id: str,
    spec: dict,
    title: str,
    subtitle: str,
    footer: Sequence[str],
    language: str = "nl",
    formats: Sequence[str] | None = None,
) -> html.Div:
    """The menu, its store, the download target, a status line and the permalink box
    (``formats`` limits the items, e.g. a table without a picture: csv, xlsx, link)."""
    index = 1 if language == "en" else 0
    stored = {**spec, "title": title, "subtitle": subtitle, "footer": list(footer)}
    formats = [
        f
        for f in FORMATS
        if ("indicators" in spec or f not in ("csv", "xlsx"))
        and (formats is None or f in formats)
    ]
    items = [
        dbc.DropdownMenuItem(
            FORMATS[fmt][index],
            id={"type": ITEM, "card": card_id, "fmt": fmt},
            n_clicks=0,
        )
        for fmt in formats
    ]
    items.insert(len(items) - 1, dbc.DropdownMenuItem(divider=True))
    link_id = {"type": LINK, "card": card_id}
    return html.Div(
        [
            dbc.DropdownMenu(
                items,
                label=html.Span(
                    [
                        html.Span(_t("menu", language), **{"aria-hidden": "true"}),
                        html.Span(
                            _t("menu_of", language).format(title=title),
                            className="visually-hidden",
                        ),
                    ]
                ),
                size="sm",
                color="secondary",
                align_end=True,
                class_name=MENU_CLASS,
                id=f"{card_id}-export",
            ),
            dcc.Store(id={"type": SPEC, "card": card_id}, data=stored),
            dcc.Store(id={"type": REQUEST, "card": card_id}),
            dcc.Download(id={"type": FILE, "card": card_id}),
            html.Div(
                id={"type": STATUS, "card": card_id},
                role="status",
                className="small text-muted",
                **{"aria-live": "polite"},
            ),
            # A dialog, not a row in the card: opening it moves no chart (the card
            # header grew and the map was redrawn), Escape and the close button
            # shut it, and focus returns to the menu.
            dbc.Modal(
                [
                    dbc.ModalHeader(
                        dbc.ModalTitle(
                            _t("link_title", language).format(title=title),
                            id=f"{card_id}-link-title",
                        ),
                        close_button=True,
                    ),
                    dbc.ModalBody(
                        [
                            html.Label(
                                [
                                    html.Span(
                                        _t("link", language), className="d-block"
                                    ),
                                    dcc.Input(
                                        id=link_id,
                                        type="text",
                                        readOnly=True,
                                        value="",
                                        className="form-control form-control-sm",
                                    ),
                                ],
                                className="small mb-2 w-100",
                            ),
                            # a real <button> (dcc.Clipboard is a div the keyboard
                            # cannot reach)
                            html.Button(
                                _t("copy", language),
                                id={"type": COPY, "card": card_id},
                                type="button",
                                className="btn btn-outline-secondary btn-sm",
                                **{"data-copied": _t("copied", language)},
                            ),
                            html.Span(
                                id={"type": COPIED, "card": card_id},
                                role="status",
                                className="small text-muted ms-2",
                            ),
                        ]
                    ),
                ],
                id={"type": LINK_BOX, "card": card_id},
                is_open=False,
                keyboard=True,
                labelledby=f"{card_id}-link-title",
            ),
        ],
        className="chart-export d-flex flex-column align-items-end gap-1",
    )


def file_name(stem: str, fmt: str) -> str:
    """``<stem>_<date>.<fmt>``, safe whatever the stem (see exports.filenames)."""
    return export_name(stem, date.today().isoformat(), ext=fmt)


def subject_part(service: Service, spec: dict) -> str:
    """The area a chart is about, for its file name: the page's subject, the one area,
    the first gebied among several, the gemeente of a wijk map, or 'gebieden'."""
    areas = [
        service.registry.areas[a]
        for a in spec.get("areas") or []
        if isinstance(a, str) and a in service.registry.areas
    ]
    subject = spec.get("subject")
    if isinstance(subject, str) and subject in service.registry.areas:
        return subject
    if len(areas) > 1:  # Nederland is the comparison, not the subject
        areas = [a for a in areas if a.level != "nederland"] or areas
    if len(areas) == 1:
        return areas[0].id if areas[0].level == "gebied" else areas[0].name
    gebieden = [a for a in areas if a.level == "gebied"]
    if len(gebieden) == 1 or (gebieden and len(gebieden) < len(areas) / 2):
        return gebieden[0].id
    if gebieden:
        return f"{len(gebieden)}-gebieden"
    gemeenten = {a.gemeente for a in areas if a.level == "wijk"}
    if len(gemeenten) == 1 and len(areas) > 1:
        gemeente = service.registry.areas.get(next(iter(gemeenten)))
        return gemeente.name if gemeente else ""
    levels = {a.level for a in areas}
    if levels == {"gemeente"}:
        return f"{len(areas)}-gemeenten"
    return f"{len(areas)}-regios" if areas else ""


def chart_file_name(
    service: Service, spec: dict, card_id: str, fmt: str, frame=None
) -> str:
    """indicator_area_period_<page-view>_<date>.<fmt> (exports.filenames.view_file_name)."""
    indicators = [i for i in spec.get("indicators") or [] if isinstance(i, str)]
    if len(indicators) == 1:
        indicator = indicators[0]
    else:
        indicator = f"{len(indicators)}-indicatoren" if indicators else ""
    periods = list(frame["period"].dropna()) if frame is not None and len(frame) else []
    periods = periods or [p for p in spec.get("periods") or [] if isinstance(p, str)]
    if periods:
        ordered = sorted(set(periods), key=tables.sort_key)
        period = period_part(ordered[0], ordered[-1])
    else:
        period = ""
    return view_file_name(
        card_id,
        indicator,
        subject_part(service, spec) if indicators else "",
        period,
        date.today().isoformat(),
        fmt,
    )


def send_frame(service: Service, frame, fmt: str, stem: str, lang: str = "nl") -> dict:
    """A tidy frame as CSV or Excel, for dcc.Download (the Data page's selection)."""
    name = file_name(stem, fmt)
    if fmt == "xlsx":
        data = tables.to_xlsx(service, frame, lang)
    else:
        data = tables.to_csv(frame)
    return dcc.send_bytes(data, name, type=MIME[fmt])


def handle(request: dict | None, spec: dict | None, card_id: str = "grafiek"):
    """The server callback body (tests call it): (download, status, link, box class).

    ``request`` comes from the clientside callback: ``fmt``, ``href`` (the page
    address) and for images ``figure`` (data and layout as drawn)."""
    no = dash.no_update
    if not isinstance(request, dict) or not isinstance(spec, dict):
        return no, no, no, no
    fmt = request.get("fmt")
    lang = spec.get("lang") if spec.get("lang") in ("nl", "en") else "nl"
    service = state.service()
    if fmt == "link":
        url = vintage.permalink(str(request.get("href") or ""), spec.get("vintage", ""))
        return no, _t("link_ready", lang), url, True
    if fmt in ("csv", "xlsx") and spec.get("kind") == GAP_KIND:
        return _gap_file(service, spec, fmt, lang)
    if fmt in ("csv", "xlsx"):
        try:
            frame = tables.export_frame(
                service, tables.Selection.from_dict(spec), spec.get("kind")
            )
        except QueryError as exc:
            return no, str(exc), no, no
        if not len(frame):
            return no, _t("no_rows", lang), no, no
        name = chart_file_name(service, spec, card_id, fmt, frame)
        if fmt == "xlsx":
            data = tables.to_xlsx(service, frame, lang)
        else:
            data = tables.to_csv(frame)
        file = dcc.send_bytes(data, name, type=MIME[fmt])
        return file, _t("ready", lang).format(name=name), no, no
    if fmt in ("png", "svg"):
        figure = request.get("figure")
        if not isinstance(figure, dict):
            return no, _t("no_image", lang).format(reason=_t("no_figure", lang)), no, no
        try:
            data = render_figure(
                figure,
                title=str(spec.get("title") or ""),
                subtitle=str(spec.get("subtitle") or ""),
                source_lines=[str(line) for line in spec.get("footer") or []],
                fmt=fmt,
            )
        except (ImageExportError, ValueError) as exc:  # one line, never a traceback
            reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            return no, _t("no_image", lang).format(reason=reason), no, no
        name = chart_file_name(service, spec, card_id, fmt, _image_frame(service, spec))
        file = dcc.send_bytes(data, name, type=MIME[fmt])
        return file, _t("ready", lang).format(name=name), no, no
    return no, no, no, no


def renders_nothing(request, spec) -> bool:
    """``handle`` answers this request without Chromium: not a picture, or no figure
    to draw (``dashboard.expensive`` then lets it pass without a render slot)."""
    return not (
        isinstance(request, dict)
        and isinstance(spec, dict)
        and request.get("fmt") in ("png", "svg")
        and isinstance(request.get("figure"), dict)
    )


def gap_spec(service: Service, query: dict, indicators: list[str], lang: str) -> dict:
    """The spec of the Overzicht's gap table: its URL filters (checked again when
    the file is made: a store's data comes from the client)."""
    return {
        "kind": GAP_KIND,
        "indicators": list(indicators),
        "gap": {k: v for k, v in query.items() if v},
        "lang": lang,
        "vintage": vintage.token(service, vintage.datasets_of(service, indicators)),
    }


def _gap_file(service: Service, spec: dict, fmt: str, lang: str):
    """The gap table's CSV or Excel from the same view model as the page."""
    no = dash.no_update
    raw = spec.get("gap") if isinstance(spec.get("gap"), dict) else {}
    view = gap_view(service, resolve_filters(service, raw, ViewState()), lang)
    if not len(view.frame):
        return no, _t("no_rows", lang), no, no
    name = gap_table.file_name(view, fmt)
    if fmt == "xlsx":
        data = gap_table.to_xlsx(service, view, lang)
    else:
        data = gap_table.to_csv(view)
    file = dcc.send_bytes(data, name, type=MIME[fmt])
    return file, _t("ready", lang).format(name=name), no, no


def _image_frame(service: Service, spec: dict):
    """The chart's figures, only for the periods in an image's name (None if none)."""
    if "indicators" not in spec or spec.get("periods"):
        return None
    try:
        return tables.export_frame(service, tables.Selection.from_dict(spec))
    except QueryError:
        return None


def _on_request(request, spec):
    trigger = dash.ctx.triggered_id
    card_id = trigger["card"] if isinstance(trigger, dict) else "grafiek"
    return handle(request, spec, str(card_id))


def register(app: dash.Dash) -> None:
    """The download callbacks, given to each app by ``create_app``.

    Not ``dash.callback`` at import: Dash hands global callbacks to the first app
    that serves a request, so a second app in the same process (a test, a worker
    that builds its app again) had no downloads at all and its menus timed out.
    """
    # The figure as drawn: Plotly keeps it on the graph's div (data, layout); typed arrays
    # become lists and Plotly's private keys (_...) are left out.
    app.clientside_callback(
        """
        function (clicks, spec) {
            const dc = window.dash_clientside;
            const ctx = dc.callback_context;
            const trigger = ctx.triggered_id;
            if (!trigger || !ctx.triggered.length || !ctx.triggered[0].value) {
                return dc.no_update;
            }
            const request = {fmt: trigger.fmt, href: window.location.href,
                             at: Date.now(), figure: null};
            if (trigger.fmt === "png" || trigger.fmt === "svg") {
                const holder = document.getElementById(trigger.card + "-graph");
                const gd = holder && (holder.classList.contains("js-plotly-plot")
                    ? holder : holder.querySelector(".js-plotly-plot"));
                if (gd && gd.data) {
                    request.figure = JSON.parse(JSON.stringify(
                        {data: gd.data, layout: gd.layout},
                        (key, value) => (key && key[0] === "_") ? undefined
                            : (ArrayBuffer.isView(value) ? Array.from(value) : value)
                    ));
                }
            }
            return request;
        }
        """,
        Output({"type": REQUEST, "card": MATCH}, "data"),
        Input({"type": ITEM, "card": MATCH, "fmt": dash.ALL}, "n_clicks"),
        State({"type": SPEC, "card": MATCH}, "data"),
        prevent_initial_call=True,
    )

    app.callback(
        Output({"type": FILE, "card": MATCH}, "data"),
        Output({"type": STATUS, "card": MATCH}, "children"),
        Output({"type": LINK, "card": MATCH}, "value"),
        Output({"type": LINK_BOX, "card": MATCH}, "is_open"),
        Input({"type": REQUEST, "card": MATCH}, "data"),
        State({"type": SPEC, "card": MATCH}, "data"),
        prevent_initial_call=True,
    )(_on_request)
    # a table, a link or a picture without a figure needs no render slot
    expensive.refuses(FILE, renders_nothing)

    # Copy the permalink: the Clipboard API where the page is a secure context
    # (https, localhost), else select the text and let the browser copy it.
    app.clientside_callback(
        """
        function (clicks, url) {
            const dc = window.dash_clientside;
            if (!clicks || !url) { return dc.no_update; }
            // Dash writes a pattern id as JSON with its keys sorted
            const card = JSON.stringify(dc.callback_context.triggered_id.card);
            const byId = (type) => document.getElementById(
                '{"card":' + card + ',"type":"' + type + '"}');
            const button = byId("%s");
            const copied = (button && button.dataset.copied) || "OK";
            const field = byId("%s");
            if (field) { field.focus(); field.select(); }
            if (navigator.clipboard && window.isSecureContext) {
                return navigator.clipboard.writeText(url).then(() => copied, () => "");
            }
            try { document.execCommand("copy"); return copied; } catch (e) { return ""; }
        }
        """
        % (COPY, LINK),
        Output({"type": COPIED, "card": MATCH}, "children"),
        Input({"type": COPY, "card": MATCH}, "n_clicks"),
        State({"type": LINK, "card": MATCH}, "value"),
        prevent_initial_call=True,
    )

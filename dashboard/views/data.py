"""The Data page's choices and rows, without Dash.

Why: the page lays out a table of ``exports.tables.selection_frame``; what may be
chosen (indicators, areas, periods, the page of rows), the defaults, the row cap and
the frame as shown are decided here, once for the first render, the callback, the
download and the callback cache's key (``update_uses``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..areas import ALL_GEBIEDEN, NL, area_name
from ..exports import tables
from ..exports.tables import collect_series
from ..exports.tables import sort_key as _sort_key
from ..formatting import format_number
from ..messages import _
from ..notes import note_text
from ..services import Service
from ..url_state import ViewState, language, unknown_value
from .gebied import gebieden_counts

MAX_ROWS = 2000  # the table pages through at most this many rows
PAGE_SIZE = 200  # rows per page; the table of a page is one component (static_table)
# A forged request may list anything: at most this many items of a choice are read.
CHOICE_LIMIT = 1000
MAX_AREAS = 100  # each area is a series query; "select all" wijken must not hang
DEFAULT_INDICATORS = ["inwoners", "laag-inkomen-wijk"]
DEFAULT_AREAS = [NL, "GM0599", "rotterdam-zuid", ALL_GEBIEDEN]

# the area levels the table names in words (messages "data.level.<level>")
LEVELS = ("nederland", "gemeente", "wijk", "gebied", "gebieden", "rest")
LEVELS += ("veiligheidsregio",)


def level_text(service: Service, level: str, lang: str) -> str:
    if level not in LEVELS:
        return level
    return _(f"data.level.{level}", lang, **gebieden_counts(service))


# -- choices ------------------------------------------------------------------


def indicator_options(service: Service, lang: str) -> list[dict]:
    """Every catalogue indicator; one whose data is not loaded is listed but disabled."""
    problems = service.problems()
    options = []
    for indicator in service.catalogue.indicators:
        domain = service.catalogue.domain(indicator.domain).title.get(lang)
        label = f"{indicator.title.get(lang)} ({domain})"
        disabled = indicator.id in problems
        if disabled:
            label += f" — {_('data.not_loaded', lang)}"
        options.append({"label": label, "value": indicator.id, "disabled": disabled})
    return options


def usable_indicators(service: Service, lang: str) -> list[str]:
    """The indicators that can be chosen (their data is loaded)."""
    return [o["value"] for o in indicator_options(service, lang) if not o["disabled"]]


def area_options(service: Service, lang: str) -> list[dict]:
    """All areas, most used first: NL, gebieden, gemeenten, regions, wijken."""
    registry = service.registry
    gemeente_names = {a.id: a.name for a in registry.by_level("gemeente")}
    order = ["nederland", "gebieden", "gebied", "rest", "gemeente", "veiligheidsregio"]
    options = []
    for level in order + ["wijk"]:
        areas = sorted(registry.by_level(level), key=lambda a: a.name)
        for area in areas:
            where = level_text(service, level, lang)
            if level in ("wijk", "gebied") and area.gemeente:
                where += f", {gemeente_names.get(area.gemeente, area.gemeente)}"
            options.append(
                {
                    "label": f"{area_name(area, lang)} ({where}; {area.id})",
                    "value": area.id,
                }
            )
    return options


def period_choices(
    found: dict[tuple[str, str], pd.DataFrame], indicators: list[str]
) -> tuple[list[dict], list[str]]:
    """Options (newest first) and the default: the latest period of each indicator."""
    labels: dict[str, str] = {}
    latest: dict[str, str] = {}
    for (indicator_id, _area), series in found.items():
        known = series[series["value"].notna()]
        for key, label in zip(known["period"], known["period_label"]):
            labels.setdefault(key, label)
            if indicator_id not in latest or _sort_key(key) > _sort_key(
                latest[indicator_id]
            ):
                latest[indicator_id] = key
    keys = sorted(labels, key=_sort_key, reverse=True)
    options = [{"label": f"{labels[k]} ({k})", "value": k} for k in keys]
    default = list(
        dict.fromkeys(latest[i] for i in indicators if i in latest)
    )  # in indicator order, without repeats
    return options, default


def selection_frame(
    service: Service,
    found: dict[tuple[str, str], pd.DataFrame],
    indicators: list[str],
    areas: list[str],
    periods: list[str],
    lang: str = "nl",
) -> tuple[pd.DataFrame, list[str]]:
    """One row per indicator x area x period (value numeric); the screen and exports."""
    return tables.selection_frame(
        service,
        found,
        indicators,
        areas,
        periods,
        lang,
        no_period=_("data.no_period", lang),
    )


# -- the rows as shown ----------------------------------------------------------


def display_frame(service: Service, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame as shown: value in Dutch format with the indicator's decimals, level
    and estimate in words, empty text for missing notes."""
    shown = frame.copy()
    shown["value"] = [
        format_number(
            None if pd.isna(v) else float(v),
            int(d),
            missing=_("data.no_data", lang),
            lang=lang,
        )
        for v, d in zip(frame["value"], frame["decimals"])
    ]
    shown["level"] = frame["level"].map(lambda v: level_text(service, str(v), lang))
    shown["estimate"] = frame["estimate"].map(
        lambda v: _("data.yes", lang) if v else ""
    )
    # object first: a column without any value is float64, and pandas will refuse ""
    return shown.astype(object).fillna("")


def page_rows(frame: pd.DataFrame, page: int = 1) -> pd.DataFrame:
    """The rows of one page (never beyond MAX_ROWS)."""
    return frame.iloc[(page - 1) * PAGE_SIZE : min(page * PAGE_SIZE, MAX_ROWS)]


def page_count(total: int) -> int:
    return max(1, -(-min(total, MAX_ROWS) // PAGE_SIZE))


def count_text(total: int, lang: str, page: int = 1) -> str:
    """'912 rijen (rij 101-200)'; above MAX_ROWS: the cap and what to do."""
    shown = min(total, MAX_ROWS)
    text = f"{format_number(total, lang=lang)} {_('data.row' if total == 1 else 'data.rows', lang)}"
    if shown > PAGE_SIZE:
        first, last = (page - 1) * PAGE_SIZE + 1, min(page * PAGE_SIZE, shown)
        text += f" ({_('data.row', lang)} {format_number(first, lang=lang)}–{format_number(last, lang=lang)})"
    if total > MAX_ROWS:
        text += ". " + _(
            "data.capped",
            lang,
            shown=format_number(MAX_ROWS, lang=lang),
            total=format_number(total, lang=lang),
        )
    return text


# -- URL state ----------------------------------------------------------------


def resolve(
    service: Service, query: dict
) -> tuple[ViewState, list[dict], dict, list[str]]:
    """Read indicator, gebied, periode from the URL; unknown values -> default + notice."""
    lang = language(query.get("lang"))
    vs = ViewState()
    vs.values["lang"] = lang
    usable = usable_indicators(service, lang)
    defaults = [i for i in DEFAULT_INDICATORS if i in usable] or usable[:1]
    indicators = vs.many(
        "indicator", query.get("indicator"), usable, defaults, limit=len(usable)
    )
    area_ids = list(service.registry.areas)
    area_defaults = [a for a in DEFAULT_AREAS if a in service.registry.areas]
    areas = vs.many(
        "gebied", query.get("gebied"), area_ids, area_defaults, limit=MAX_AREAS
    )
    found, problems = collect_series(service, indicators, areas)
    problems = [note_text(p, lang) for p in problems]
    options, default = period_choices(found, indicators)
    keys = [o["value"] for o in options]
    raw = query.get("periode")
    if isinstance(raw, str):  # a plain year (2022) means its year figure (2022JJ00)
        raw = ",".join(
            f"{p.strip()}JJ00" if f"{p.strip()}JJ00" in keys else p
            for p in raw.split(",")
        )
    vs.many("periode", raw, keys, default, limit=max(len(keys), 1))
    return vs, options, found, problems


def query_of(vs: ViewState) -> dict:
    """The URL query of a view state (page 1 and Dutch are left out)."""
    lang = vs.values["lang"]
    return {
        "indicator": vs.values["indicator"],
        "gebied": vs.values["gebied"],
        "periode": vs.values["periode"],
        "pagina": vs.values.get("pagina") if vs.values.get("pagina", 1) > 1 else None,
        "lang": lang if lang != "nl" else None,
    }


def read_page(vs: ViewState, raw: object) -> int:
    """?pagina=N: a positive whole number (checked against the row count later)."""
    text = str(raw[0] if isinstance(raw, (list, tuple)) and raw else raw or "")
    if text and not (text.isdigit() and 0 < int(text) <= page_count(MAX_ROWS)):
        vs.notices.append(unknown_value("pagina", text[:20]))
        text = ""
    return int(text) if text else 1


# -- a changed choice (the callback) --------------------------------------------


@dataclass
class Choice:
    """A checked choice of the filters: what the table, the URL and the key use."""

    lang: str
    indicators: list[str]
    areas: list[str]
    periods: list[str]
    asked: int  # the page of rows asked for (capped at the row count later)
    cut: bool  # more than MAX_AREAS areas were chosen: the rest was cut off
    options: list[dict] = field(default_factory=list)
    found: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def uses(self) -> list:
        """The values the callback's answer is made of (the callback cache's key);
        the options, series and problems follow from them and the data."""
        values = [self.lang, self.indicators, self.areas, self.periods]
        return [*values, self.asked, self.cut]


def choose(
    service: Service,
    indicators: list[str] | None,
    areas: list[str] | None,
    periods: list[str] | None,
    page: int | None,
    lang: str | None,
    changed: str | None = None,
) -> Choice:
    """The checked choice for new filter values; ``changed`` says which filter
    changed (``"periode"``, ``"pagina"`` or another).

    Chosen periods that still exist are kept; unless the period or the page itself
    changed, an indicator without any chosen period (e.g. one just added) brings its
    latest period along. Only a change of page leaves page 1.
    """
    keep_periods = changed in ("periode", "pagina")
    lang = language(lang)
    usable = set(usable_indicators(service, lang))
    indicators = [i for i in (indicators or []) if i in usable]
    areas = [a for a in (areas or []) if a in service.registry.areas]
    cut = len(areas) > MAX_AREAS
    areas = areas[:MAX_AREAS]
    found, problems = collect_series(service, indicators, areas)
    problems = [note_text(p, lang) for p in problems]
    options, default = period_choices(found, indicators)
    keys = {o["value"] for o in options}
    kept = [p for p in (periods or []) if p in keys]
    if not keep_periods:
        for indicator_id in indicators:
            own = {
                p
                for (i, _a), s in found.items()
                if i == indicator_id
                for p in s.loc[s["value"].notna(), "period"]
            }
            if own and not own.intersection(kept):
                kept.append(max(own, key=_sort_key))
        if not kept:
            kept = default
    asked = int(page or 1) if changed == "pagina" else 1
    asked = min(max(asked, 1), page_count(MAX_ROWS))  # a forged page: the nearest
    return Choice(lang, indicators, areas, kept, asked, cut, options, found, problems)


def download_selection(
    service: Service,
    indicators: list[str] | None,
    areas: list[str] | None,
    periods: list[str] | None,
    lang: str | None,
) -> tables.Selection | None:
    """What a download writes: the checked choice (every page of it), or None."""
    lang = language(lang)
    usable = set(usable_indicators(service, lang))
    chosen = tables.Selection(
        [i for i in (indicators or []) if i in usable],
        [a for a in (areas or []) if a in service.registry.areas][:MAX_AREAS],
        list(periods or []),
        lang=lang,
    )
    if not chosen.indicators or not chosen.areas:
        return None
    return chosen

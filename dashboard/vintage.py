"""The data vintage of a view: which tables, in which version, a quoted figure came from.

A permalink carries ``stand=<YYYYMMDD>-<hash>-<dataset>.<dataset>``: the latest
fetched-at date of the tables used, a short hash of their CBS modified dates and
content checksums (as the cache records them), and the datasets (``cbs_`` dropped:
``85224NED``, ``corona_gemeenten``). Opening such a link compares the hash with the
cache: another version says so; a garbled value says so too; neither is an error.
The app shell shows the notice on every page (``app_factory``), so pages need not.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from urllib.parse import parse_qsl, urlencode, urlsplit

from .messages import _
from .services import Service

PARAM = "stand"
MAX_LENGTH = 300
HASH_LENGTH = 8
_TOKEN = re.compile(r"^(\d{8})-([0-9a-f]{8})-([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)$")
PREFIX = "cbs_"


def datasets_of(service: Service, indicator_ids: list[str]) -> list[str]:
    """The datasets the figures of these indicators are built from (value and weights)."""
    found: set[str] = set()
    for indicator_id in indicator_ids:
        try:
            indicator = service.indicator(indicator_id)
        except ValueError:
            continue
        found.update(ref.dataset for ref in indicator.inputs)
    return sorted(found)


def _short(dataset: str) -> str:
    return dataset.removeprefix(PREFIX)


def _rows(service: Service) -> dict[str, dict]:
    return service.provenance_rows()


def _digest(rows: dict[str, dict], datasets: list[str]) -> str:
    text = "\n".join(
        f"{d}|{rows[d]['cbs_modified'] or ''}|{rows[d]['checksum']}"
        for d in sorted(datasets)
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def _fetched(rows: dict[str, dict], datasets: list[str]) -> str:
    return max(str(rows[d]["fetched_at"])[:10] for d in datasets).replace("-", "")


def token(service: Service, datasets: list[str], rows: dict | None = None) -> str:
    """The vintage of these datasets now (``rows``: provenance per dataset, default the
    cache's). Datasets not in the cache are left out; none at all gives ''."""
    rows = _rows(service) if rows is None else rows
    known = sorted(d for d in set(datasets) if d in rows)
    if not known:
        return ""
    names = ".".join(_short(d) for d in known)
    return f"{_fetched(rows, known)}-{_digest(rows, known)}-{names}"


def check(service: Service, raw: object, lang: str = "nl") -> str | None:
    """None when ``raw`` is absent or matches the cache; else a one-line notice."""
    if raw is None or raw == "":
        return None
    text = str(raw)[:MAX_LENGTH]
    rows = _rows(service)
    by_short = {_short(d): d for d in rows}
    match = _TOKEN.match(text)
    datasets = [by_short.get(n) for n in match.group(3).split(".")] if match else []
    if not match or None in datasets or not _valid_date(match.group(1)):
        shown = repr(text[:40] + ("…" if len(text) > 40 else ""))
        return _("vintage.garbled", lang, value=shown)
    if match.group(2) == _digest(rows, datasets):
        return None
    return _(
        "vintage.changed",
        lang,
        then=_date_text(match.group(1)),
        now=_date_text(_fetched(rows, datasets)),
        tables=", ".join(str(rows[d]["table_id"]) for d in datasets),
    )


def check_search(service: Service, search: str | None, lang: str = "nl") -> str | None:
    """The notice for a query string (``?...&stand=...``), as the app shell shows it."""
    values = dict(parse_qsl((search or "").lstrip("?"), keep_blank_values=True))
    return check(service, values.get(PARAM), lang)


def permalink(href: str, vintage: str) -> str:
    """The address of this view with its vintage (an older ``stand`` replaced)."""
    parts = urlsplit(href)
    pairs = [(k, v) for k, v in parse_qsl(parts.query) if k != PARAM]
    if vintage:
        pairs.append((PARAM, vintage))
    query = urlencode(pairs, safe=",")
    base = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    return f"{base}{parts.path}" + (f"?{query}" if query else "")


def _valid_date(text: str) -> bool:
    try:
        date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return False
    return True


def _date_text(text: str) -> str:
    return f"{int(text[6:])}-{int(text[4:6])}-{text[:4]}"

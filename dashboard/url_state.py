"""The view state lives in the URL: read it back safely, write it compactly.

Every value from a query string is checked against what exists; an unknown value
falls back to the default and adds a short notice, never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from .areas import canonical
from .messages import LANGUAGES
from .notes import Note

MAX_VALUE_LENGTH = 200
MAX_ITEMS = 20
# A list may be longer than one value (20 area ids are ~400 characters); each of its
# items is still held to MAX_VALUE_LENGTH.
MAX_LIST_LENGTH = 8000


def unknown_value(name: str, text: str) -> Note:
    """The notice of a value that does not exist ("golf: onbekende waarde 'x'"): a
    Note, so a page in English says it in English."""
    return Note("state.unknown_value", name=name, value=_shown(text))


@dataclass
class ViewState:
    values: dict[str, object] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    def one(
        self, name: str, raw: object, allowed: Iterable[str], default: str | None
    ) -> str | None:
        """A single value that must be one of ``allowed``."""
        allowed = list(allowed)
        text = _text(raw)
        text = canonical(text) if text else text  # an old permalink's area id
        if text is None or text == "":
            value = default
        elif text in allowed:
            value = text
        else:
            self.notices.append(unknown_value(name, text))
            value = default
        self.values[name] = value
        return value

    def many(
        self,
        name: str,
        raw: object,
        allowed: Iterable[str],
        default: list[str],
        limit: int = MAX_ITEMS,
    ) -> list[str]:
        """A comma-separated list; unknown items are dropped with a notice, and so are
        items beyond ``limit``."""
        allowed_set = set(allowed)
        text = _text(raw, MAX_LIST_LENGTH)
        if not text:
            value = list(default)
        else:
            items = [
                canonical(i.strip()[:MAX_VALUE_LENGTH])
                for i in text.split(",")
                if i.strip()
            ]
            if len(items) > limit:
                # "<name>: hooguit 20 waarden; de rest vervalt"
                self.notices.append(Note("state.too_many", name=name, limit=limit))
                items = items[:limit]
            value = [i for i in dict.fromkeys(items) if i in allowed_set]
            unknown = [i for i in items if i not in allowed_set]
            if unknown:
                self.notices.append(unknown_value(name, ", ".join(unknown)))
            if not value:
                value = list(default)
        self.values[name] = value
        return value


# -- callback inputs ------------------------------------------------------------------
# A callback receives whatever JSON the client posts, not only what the component can
# hold. These helpers take a callback argument to the type the page expects, so a
# forged request falls back to the defaults like an unknown URL value does.


def text_value(raw: object) -> str | None:
    """A single-value input (dropdown, radio, the URL's search): text or None."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, (int, float)):
        return str(raw)
    return raw[:MAX_LIST_LENGTH] if isinstance(raw, str) else None


def text_list(raw: object, limit: int = MAX_ITEMS) -> list[str]:
    """A multi-value input: its text items (at most ``limit`` plus one, so a caller
    can still tell that there were too many)."""
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, (list, tuple)):
        return []
    items = (text_value(item) for item in raw[: limit + 1])
    return [item[:MAX_VALUE_LENGTH] for item in items if item]


def store_data(raw: object) -> dict:
    """A dcc.Store's data as the dict the page wrote (empty if it is anything else)."""
    return raw if isinstance(raw, dict) else {}


def whole_number(raw: object, default: int | None = None) -> int | None:
    """A counter (n_clicks, active_page): an int of sensible size, else ``default``."""
    if isinstance(raw, bool) or not isinstance(raw, int) or abs(raw) > 10**9:
        return default
    return raw


def language(raw: object) -> str:
    text = _text(raw)
    return text if text in LANGUAGES else "nl"


def search_string(params: dict[str, object]) -> str:
    """``?a=1&b=x,y`` without empty values, in a stable order."""
    clean = {}
    for key, value in params.items():
        if value is None or value == "" or value == []:
            continue
        clean[key] = (
            ",".join(str(item) for item in value)
            if isinstance(value, (list, tuple))
            else str(value)
        )
    return "?" + urlencode(clean, safe=",") if clean else ""


def _text(raw: object, max_length: int = MAX_VALUE_LENGTH) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, (list, tuple)):
        raw = raw[0] if raw else None
        if raw is None:
            return None
    text = str(raw)
    return text[:max_length]


def _shown(text: str) -> str:
    """Echo user input safely and briefly (Dash escapes it; keep it short)."""
    return repr(text[:40] + ("…" if len(text) > 40 else ""))

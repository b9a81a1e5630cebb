"""The words of the view models and shared cards: a thin shim over the gettext layer.

Why it still exists: the view modules call ``text("map.legend", lang, unit=...)``; the
keys are message ids of ``dashboard/locale/*/LC_MESSAGES/messages.po`` and a missing
one raises (``messages.MissingText``, a KeyError) instead of showing the key. ``TEXT``
takes entries that parallel work still adds here, in the old shape
``{"key": {"nl": ..., "en": ...}}``, until ``python scripts/fold_text.py
dashboard/views/text.py`` moves them into the catalogs.
"""

from __future__ import annotations

from ..messages import gettext

TEXT: dict[str, dict[str, str]] = {}


def text(key: str, lang: str = "nl", **values) -> str:
    """The text of ``key`` in ``lang`` (Dutch when the language is unknown)."""
    entry = TEXT.get(key)
    if entry is None:
        return gettext(key, lang, **values)
    words = entry.get(lang, entry["nl"])
    return words.format(**values) if values else words

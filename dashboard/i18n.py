"""The app shell's words, as a thin shim over the gettext layer (``dashboard.messages``).

Why it still exists: page modules that other work is editing call ``t("nav.data")``
and ``t("no_data")``; they keep working while they move to ``messages._``. A key
without a dot is an ``app.`` message. ``TEXT`` takes entries still being added
elsewhere until ``scripts/fold_text.py dashboard/i18n.py --namespace app`` folds them
into the catalogs.
"""

from __future__ import annotations

from .messages import LANGUAGES, gettext

__all__ = ["LANGUAGES", "TEXT", "t"]

TEXT: dict[str, dict[str, str]] = {}


def t(key: str, language: str = "nl", **values: object) -> str:
    entry = TEXT.get(key)
    if entry is not None:
        words = entry.get(language, entry["nl"])
        return words.format(**values) if values else words
    return gettext(key if "." in key else f"app.{key}", language, **values)

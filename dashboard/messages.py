"""Every word the dashboard shows, in gettext catalogs: one lookup, Dutch and English.

The catalogs are ``dashboard/locale/<lang>/LC_MESSAGES/messages.po``, so a translator
works with standard tools (Poedit, ``pybabel update``). Message ids are namespaced
keys ("nav.overzicht", "map.legend"), not Dutch sentences: a Dutch wording can change
without orphaning its English translation, and a key says where it is used.

Why the .po files are read at start-up (``babel.messages.pofile``) instead of compiled
to .mo: a fresh clone plus ``pip install -e .`` must run without a build step (CI runs
on a fresh clone), and a compiled file beside its source can go stale. Parsing the few
hundred messages takes milliseconds, once per process.

A missing key or an empty translation raises :class:`MissingText` instead of showing
the key, so a typo fails a test rather than shipping (``tests/test_messages.py`` also
finds every key the code uses in both catalogs).
"""

from __future__ import annotations

import functools
from pathlib import Path

from babel.messages.pofile import read_po

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"


class MissingText(KeyError):
    """A key that is not in a catalog, or has no translation there."""


def po_path(lang: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def catalog(lang: str) -> dict[str, str]:
    """The messages of ``lang`` as key -> text (empty translations left out)."""
    with po_path(lang).open("rb") as handle:
        parsed = read_po(handle, locale=lang, domain=DOMAIN)
    return {m.id: m.string for m in parsed if m.id and m.string}


def language(lang: str | None) -> str:
    """A known language code; anything else is Dutch."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def gettext(key: str, lang: str | None = DEFAULT_LANGUAGE, **values: object) -> str:
    """The text of ``key`` in ``lang``, with ``{name}`` fields filled from ``values``."""
    found = catalog(language(lang)).get(key)
    if found is None:
        raise MissingText(f"{key!r} has no text in the {language(lang)!r} catalog")
    return found.format(**values) if values else found


_ = gettext

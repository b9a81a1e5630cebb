"""The text layer: every key the code uses is in both catalogs, with a translation,
the same {fields} in Dutch and English, and a missing key raises."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from dashboard import messages

ROOT = Path(__file__).resolve().parents[1]
# the modules of the layer, whose lookups the scan follows
LAYER = {"messages", "wording", "key_figures"}
# lookups that prefix their key: word("higher") is the message "figures.higher"
PREFIXED = {"word": "figures."}


def _po(lang: str):
    with messages.po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang)


def _fields(words: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(words) if name}


def used_keys() -> tuple[set[str], set[str]]:
    """(literal keys, f-string key patterns) of every lookup call in dashboard/, and
    the ``nav=`` keys pages hand to register_page."""
    literal, patterns = set(), set()
    for path in (ROOT / "dashboard").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        lookups = {
            (alias.asname or alias.name): alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            and (node.module or "").rsplit(".", 1)[-1] in LAYER
            for alias in node.names
        }
        if path.stem == "wording":  # it calls its own word()
            lookups["word"] = "word"
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = lookups.get(getattr(node.func, "id", None))
            for keyword in node.keywords:
                if keyword.arg == "nav" and isinstance(keyword.value, ast.Constant):
                    literal.add(keyword.value.value)
            if name not in {"_", "gettext", *PREFIXED} or not node.args:
                continue
            first = node.args[0]
            # word("higher" if up else "lower"): both branches are keys
            branches = (
                [first.body, first.orelse] if isinstance(first, ast.IfExp) else []
            )
            for branch in branches or [first]:
                if isinstance(branch, ast.Constant) and isinstance(branch.value, str):
                    key = PREFIXED.get(name, "") + branch.value
                    literal.add(key)
            if isinstance(first, ast.JoinedStr):
                parts = [
                    re.escape(v.value) if isinstance(v, ast.Constant) else r"[a-z_]+"
                    for v in first.values
                ]
                patterns.add(re.escape(PREFIXED.get(name, "")) + "".join(parts))
    return literal, patterns


def test_every_key_the_code_uses_is_in_both_catalogs():
    literal, patterns = used_keys()
    assert len(literal) > 50  # the scan finds the call sites (it cannot pass empty)
    for lang in messages.LANGUAGES:
        known = set(messages.catalog(lang))
        missing = sorted(literal - known)
        assert not missing, f"keys without a {lang} text: {missing}"
        for pattern in patterns:
            assert any(re.fullmatch(pattern, key) for key in known), (lang, pattern)


def test_both_catalogs_hold_the_same_ids_each_translated_with_the_same_fields():
    nl, en = _po("nl"), _po("en")
    nl_ids = {m.id for m in nl if m.id}
    en_ids = {m.id for m in en if m.id}
    assert nl_ids == en_ids
    for message in nl:
        if not message.id:
            continue
        english = en[message.id].string
        assert message.string, f"{message.id}: no Dutch text"
        assert english, f"{message.id}: no English text"
        assert _fields(message.string) == _fields(english), message.id


def test_ids_are_namespaced():
    ids = set(messages.catalog("nl"))
    assert all(re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)+", key) for key in ids), sorted(
        key for key in ids if "." not in key
    )


def test_a_missing_key_raises_instead_of_showing_the_key():
    with pytest.raises(messages.MissingText):
        messages.gettext("nav.overzciht")
    with pytest.raises(KeyError):  # a KeyError: a typo fails, it never ships
        messages._("map.legnd", "en", unit="%")


def test_lookup_fills_fields_and_falls_back_to_dutch_for_an_unknown_language():
    nl = _po("nl")["map.legend"].string  # "Legenda ({unit})"
    assert messages.gettext("map.legend", "nl", unit="%") == nl.replace("{unit}", "%")
    assert messages.gettext("map.legend", "xx", unit="%") == nl.replace("{unit}", "%")
    en = _po("en")["map.legend"].string
    assert messages._("map.legend", "en", unit="%") == en.replace("{unit}", "%")
    assert messages._("nav.data", "en") == _po("en")["nav.data"].string

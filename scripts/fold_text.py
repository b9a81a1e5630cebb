"""Move a module's text dict into the gettext catalogs, and empty the dict.

Why: pages kept their words in private dicts (``TEXT = {"key": {"nl": ..., "en":
...}}`` or ``{"key": ("nl", "en")}``) while other work was still adding to them; this
folds such a dict into ``dashboard/locale/{nl,en}/LC_MESSAGES/messages.po`` in one
command, so nobody copies sentences by hand.

    python scripts/fold_text.py dashboard/views/text.py
    python scripts/fold_text.py dashboard/pages/gebied.py --namespace gebied --calls _t

The entries get the id ``<namespace>.<key>``; a key that already has a dot (or any key
without ``--namespace``) keeps itself as its id. An id
already in a catalog with another text is refused (exit 1) unless ``--force``. The
dict in the source becomes ``{}``; ``--calls NAME`` also rewrites ``NAME("key"`` to
``_("<namespace>.key"`` (import ``_`` from ``dashboard.messages`` yourself). The
module is read as text, never imported, so a page module needs no running app.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.messages import LANGUAGES, LOCALE_DIR, po_path  # noqa: E402

HEADER = """\
# The {language} texts of the Coronadashboard Sociaal Domein (dashboard/messages.py).
# Ids are namespaced keys; "{{name}}" fields are filled at the call site.
# This file is distributed under the same licence as the project (EUPL-1.2).
#"""


def find_dict(tree: ast.Module, name: str) -> ast.Dict:
    for node in tree.body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Name) and target.id == name:
                if isinstance(node.value, ast.Dict):
                    return node.value
    raise SystemExit(f"fold_text: no dict {name} = {{...}} at the top of the module")


def entries(node: ast.Dict) -> dict[str, dict[str, str]]:
    """key -> {"nl": ..., "en": ...}, from either dict shape."""
    found = {}
    for key, value in ast.literal_eval(node).items():
        if isinstance(value, dict):
            nl, en = value["nl"], value.get("en", "")
        else:
            nl, en = value
        found[key] = {"nl": nl, "en": en}
    return found


def message_id(key: str, namespace: str | None) -> str:
    """A key that already has a dot is an id; another gets the namespace."""
    return f"{namespace}.{key}" if namespace and "." not in key else key


def load(lang: str, locale_dir: Path) -> Catalog:
    path = po_path(lang, locale_dir)
    if not path.exists():
        return Catalog(
            locale=lang,
            domain="messages",
            header_comment=HEADER.format(language=lang),
            project="Coronadashboard Sociaal Domein",
            version="0.1.0",
            fuzzy=False,
        )
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def save(catalog: Catalog, lang: str, locale_dir: Path) -> None:
    path = po_path(lang, locale_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=88, sort_output=True, omit_header=False)


def fold(
    module: Path,
    namespace: str | None,
    name: str = "TEXT",
    calls: str | None = None,
    force: bool = False,
    locale_dir: Path = LOCALE_DIR,
) -> list[str]:
    """Fold the dict; return the message ids written."""
    source = module.read_text(encoding="utf-8")
    node = find_dict(ast.parse(source), name)
    found = entries(node)
    ids = {key: message_id(key, namespace) for key in found}
    catalogs = {lang: load(lang, locale_dir) for lang in LANGUAGES}
    clashes = [
        f"{ids[key]} ({lang}): {catalogs[lang][ids[key]].string!r} != {words[lang]!r}"
        for key, words in found.items()
        for lang in LANGUAGES
        if ids[key] in catalogs[lang] and catalogs[lang][ids[key]].string != words[lang]
    ]
    if clashes and not force:
        raise SystemExit("fold_text: ids with another text:\n  " + "\n  ".join(clashes))
    for key, words in found.items():
        for lang in LANGUAGES:
            catalogs[lang].add(ids[key], words[lang])
    for lang in LANGUAGES:
        save(catalogs[lang], lang, locale_dir)
    lines = source.splitlines(keepends=True)
    start, end = node.lineno - 1, node.end_lineno - 1
    prefix = lines[start][: node.col_offset]
    suffix = lines[end][node.end_col_offset :]
    rewritten = (
        "".join(lines[:start]) + prefix + "{}" + suffix + "".join(lines[end + 1 :])
    )
    if calls:
        call = re.compile(rf"(?<![\w.]){re.escape(calls)}\(\s*([\"'])([A-Za-z0-9_]+)\1")
        rewritten = call.sub(
            lambda m: f"_({m[1]}{message_id(m[2], namespace)}{m[1]}", rewritten
        )
    module.write_text(rewritten, encoding="utf-8")
    return sorted(ids.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", type=Path)
    parser.add_argument("--namespace", help="id prefix, e.g. gebied")
    parser.add_argument("--dict", default="TEXT", help="the dict's name (TEXT)")
    parser.add_argument("--calls", help='rewrite NAME("key" to _("ns.key"')
    parser.add_argument("--force", action="store_true", help="overwrite other texts")
    parser.add_argument("--locale-dir", type=Path, default=LOCALE_DIR)
    args = parser.parse_args(argv)
    written = fold(
        args.module, args.namespace, args.dict, args.calls, args.force, args.locale_dir
    )
    print(f"{len(written)} messages folded into {args.locale_dir} from {args.module}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

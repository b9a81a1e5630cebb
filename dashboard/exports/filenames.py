"""Safe export file names: ids and user text never choose where a file is written.

Every exported file gets its name from :func:`export_name` (a slug of ids, ASCII,
bounded length, a fixed extension) and its path from :func:`resolve_inside`, which
refuses anything that would land outside the output folder (``..``, absolute paths,
separators, NUL, a symlink that points out). Refusals are :class:`UnsafeNameError`
with one clear line.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

MAX_PART = 60  # characters per slug part
MAX_NAME = 150  # a whole name (well under the 255 bytes of most file systems)
EXTENSIONS = frozenset({"csv", "xlsx", "png", "svg", "pdf", "json"})
_UNSAFE = re.compile(r"[^a-z0-9._-]+")
# Names Windows will not open whatever the extension (files travel to analysts' PCs).
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)


class UnsafeNameError(ValueError):
    """A name or output folder that cannot be used safely; the message says why."""


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def safe_part(text: str, max_length: int = MAX_PART) -> str:
    """One slug: ``Den Haag Zuidwest`` -> ``den-haag-zuidwest``; ``é`` -> ``e``.

    Characters outside ``a-z0-9._-`` become ``-``; leading dots and dashes go (no
    hidden files, no ``..``). Text that loses information (too long, or nothing
    readable left) gets a short hash of the original, so two different inputs do
    not silently share one file.
    """
    text = str(text)
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    )
    slug = _UNSAFE.sub("-", ascii_text.lower())
    slug = re.sub(r"-{2,}", "-", slug).strip("-._")
    slug = re.sub(r"\.{2,}", ".", slug)
    if not slug:
        return f"x-{_digest(text)}"
    if len(slug) > max_length:
        slug = slug[: max_length - 9].rstrip("-._") + "-" + _digest(text)
    if slug.split(".")[0] in _RESERVED:
        slug = f"x-{slug}"
    return slug


def export_name(*parts: str, ext: str) -> str:
    """``export_name("utrecht-overvecht", "brief", ext="pdf")`` -> ``utrecht-overvecht_brief.pdf``."""
    ext = ext.lower().lstrip(".")
    if ext not in EXTENSIONS:
        raise UnsafeNameError(
            f"extensie {ext!r} niet toegestaan (kies uit {', '.join(sorted(EXTENSIONS))})"
        )
    if not parts:
        raise UnsafeNameError("een bestandsnaam heeft ten minste één deel nodig")
    stem = "_".join(safe_part(p) for p in parts)
    if len(stem) > MAX_NAME:
        stem = stem[: MAX_NAME - 9].rstrip("-._") + "-" + _digest("\x00".join(parts))
    return f"{stem}.{ext}"


def period_part(first: str, last: str | None = None) -> str:
    """A CBS period key as a name part: ``2022JJ00`` -> ``2022``, ``2020MM04`` ->
    ``2020-04``, ``2021KW01`` -> ``2021-kw1``, ``2021W101`` -> ``2021-w01``; a span ``2020-04-tot-2024-03``."""

    def one(key: str) -> str:
        match = re.fullmatch(r"(\d{4})(JJ|MM|KW|X0|W1)(\d\d)", str(key))
        if not match:
            return str(key)
        year, kind, number = match.groups()
        if kind in ("JJ", "X0"):
            return year
        if kind == "W1":
            return f"{year}-w{number}"
        return f"{year}-{number}" if kind == "MM" else f"{year}-kw{int(number)}"

    if last is None or last == first:
        return one(first)
    return f"{one(first)}-tot-{one(last)}"


def view_file_name(
    view: str, indicator: str, area: str, period: str, day: str, ext: str
) -> str:
    """What a chart's file holds, in its name: indicator, area, period, the page and
    view it comes from, and the date (``laag-inkomen-wijk_rotterdam-zuid_2022_
    gebied-kaart_2026-12-01.csv``). Parts that are unknown are left out."""
    parts = [p for p in (indicator, area, period, view, day) if p]
    return export_name(*parts, ext=ext)


def prepare_out_dir(folder: str | os.PathLike) -> Path:
    """The output folder, created if needed and checked writable; else one clear line."""
    text = os.fspath(folder)
    if "\x00" in text:
        raise UnsafeNameError("uitvoermap bevat een NUL-teken")
    path = Path(text).expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UnsafeNameError(f"uitvoermap {path} bestaat al als bestand") from None
    except OSError as exc:
        raise UnsafeNameError(
            f"uitvoermap {path} kan niet worden gemaakt: {exc.strerror or exc}"
        ) from None
    if not path.is_dir():
        raise UnsafeNameError(f"uitvoermap {path} is geen map")
    try:
        with tempfile.NamedTemporaryFile(dir=path, prefix=".coronadash-", delete=True):
            pass
    except OSError as exc:
        raise UnsafeNameError(
            f"uitvoermap {path} is niet schrijfbaar: {exc.strerror or exc}"
        ) from None
    return path.resolve()


def resolve_inside(folder: str | os.PathLike, name: str) -> Path:
    """``folder / name`` if that stays a plain file directly inside ``folder``.

    Refuses (``UnsafeNameError``) absolute names, separators, ``..``, NUL, empty or
    over-long names, and a name whose path resolves elsewhere (an existing symlink).
    """
    if not isinstance(name, str) or not name:
        raise UnsafeNameError("lege bestandsnaam")
    shown = name if len(name) <= 60 else name[:57] + "..."
    shown = shown.replace("\x00", "\\0")
    if "\x00" in name:
        raise UnsafeNameError(f"bestandsnaam {shown!r} bevat een NUL-teken")
    if os.path.isabs(name) or name.startswith(("/", "\\", "~")):
        raise UnsafeNameError(
            f"bestandsnaam {shown!r} is een absoluut pad; alleen namen binnen de uitvoermap"
        )
    if "/" in name or "\\" in name or name in (".", ".."):
        raise UnsafeNameError(
            f"bestandsnaam {shown!r} bevat een map of '..'; alleen namen binnen de uitvoermap"
        )
    if len(name.encode("utf-8", "surrogatepass")) > 255:
        raise UnsafeNameError(f"bestandsnaam {shown!r} is langer dan 255 bytes")
    base = Path(folder).resolve()
    target = (base / name).resolve()
    if target.parent != base:
        raise UnsafeNameError(
            f"bestandsnaam {shown!r} wijst buiten de uitvoermap {base}"
        )
    return target


def write_inside(folder: str | os.PathLike, name: str, data: bytes) -> Path:
    """Write ``data`` to ``name`` in ``folder`` atomically (temp file + rename)."""
    target = resolve_inside(folder, name)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".coronadash-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask

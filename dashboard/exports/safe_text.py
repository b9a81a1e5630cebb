"""Text from editable sources made harmless for the files we write.

Area names come from an editable gebieden file (and from CBS code lists): a name may
carry a spreadsheet formula (``=HYPERLINK(...)`` leaks data when the file is opened)
or markup (``<script>``, ``<img onerror=...>``) that an SVG or a viewer could act on.
One rule per kind of file, applied where the file is written:

- spreadsheets (CSV, Excel): a text cell that starts with a formula character gets
  a leading ``'`` and is stored as text (the OWASP rule for CSV injection);
- pictures and the PDF: markup is stripped, and what plotly's small HTML subset
  would still read as a tag is escaped.
"""

from __future__ import annotations

import html
import re

# = + - @ and tab / carriage return start a formula in Excel, LibreOffice and Sheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A tag: "<" then a name, "/", "!" or "?" (so "< 5" and "a<b" stay); unclosed too.
_TAG = re.compile(r"<\s*[/!?]?\s*[A-Za-z!?][^<>]*(?:>|$)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def spreadsheet_cell(value):
    """A cell value that no spreadsheet evaluates: text only, numbers untouched."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def from_spreadsheet_cell(value):
    """The text before :func:`spreadsheet_cell` (for reading an export back)."""
    if (
        isinstance(value, str)
        and value[:1] == "'"
        and value[1:].startswith(FORMULA_START)
    ):
        return value[1:]
    return value


def plain_text(value) -> str:
    """Text without tags or control characters (for a PDF or a picture title)."""
    text = _TAG.sub("", html.unescape(str(value)))
    return _CONTROL.sub("", text)


def plotly_text(value) -> str:
    """Plain text, escaped for plotly's HTML subset (titles, legends, labels)."""
    return html.escape(plain_text(value), quote=False)

"""Validation errors in Dutch: the CLI speaks Dutch, pydantic speaks English.

Every file the project validates with pydantic (config.yaml, datasets.yaml, the
catalogue, the gebieden file) reports its first problem through ``dutch``, so a user
reads "moet een geheel getal zijn" instead of "Input should be a valid integer".
An error type without a Dutch text keeps pydantic's words rather than none.
"""

from __future__ import annotations

from typing import Any

TEXTS = {
    "missing": "ontbreekt",
    "extra_forbidden": "is geen bekende sleutel",
    "int_parsing": "moet een geheel getal zijn",
    "int_type": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn (zonder decimalen)",
    "float_parsing": "moet een getal zijn",
    "float_type": "moet een getal zijn",
    "bool_parsing": "moet true of false zijn",
    "bool_type": "moet true of false zijn",
    "string_type": "moet tekst zijn",
    "list_type": "moet een lijst zijn",
    "dict_type": "moet sleutels met waarden bevatten",
    "model_type": "moet sleutels met waarden bevatten",
    "model_attributes_type": "moet sleutels met waarden bevatten",
    "path_type": "moet een pad zijn",
    "greater_than": "moet groter zijn dan {gt}",
    "greater_than_equal": "moet minstens {ge} zijn",
    "less_than": "moet kleiner zijn dan {lt}",
    "less_than_equal": "mag hoogstens {le} zijn",
    "literal_error": "moet een van deze waarden zijn: {expected}",
    "enum": "moet een van deze waarden zijn: {expected}",
    "string_too_short": "moet minstens {min_length} teken(s) lang zijn",
    "string_too_long": "mag hoogstens {max_length} tekens lang zijn",
    "too_short": "moet minstens {min_length} element(en) hebben",
    "too_long": "mag hoogstens {max_length} elementen hebben",
    "string_pattern_mismatch": "heeft niet de vorm {pattern}",
    "url_parsing": "is geen geldig webadres",
}


def dutch(error: dict[str, Any]) -> str:
    """The message of one pydantic error (an item of ``exc.errors()``) in Dutch."""
    kind = error.get("type", "")
    if kind in ("value_error", "assertion_error"):
        # Our own validators already speak Dutch; pydantic prefixes "Value error, ".
        return str(error.get("msg", "")).split(", ", 1)[-1]
    text = TEXTS.get(kind)
    if text is None:
        return str(error.get("msg", ""))
    context = {k: _shown(v) for k, v in (error.get("ctx") or {}).items()}
    try:
        return text.format(**context)
    except (KeyError, IndexError):
        return text.split(" {", 1)[0]


def _shown(value: Any) -> str:
    """Pydantic's ``'a', 'b' or 'c'`` lists in Dutch: ``'a', 'b' of 'c'``."""
    return str(value).replace(" or ", " of ")

"""Checks a loaded dataset must pass before it may replace the cached version."""

from __future__ import annotations

import pandera.pandas as pa

from .model import LoadedDataset, SourceError

STATUSES = ["definitief", "voorlopig", "nader voorlopig"]
FREQUENCIES = ["Y", "H", "Q", "M", "W", "D", "X"]

OBSERVATIONS = pa.DataFrameSchema(
    {
        "measure": pa.Column(str, pa.Check.str_length(1, 96)),
        "dims": pa.Column(str),
        "area_code": pa.Column(str, pa.Check.str_length(2, 64)),
        "period": pa.Column(str, pa.Check.str_length(8, 16)),
        "period_start": pa.Column(),
        "period_end": pa.Column(),
        "frequency": pa.Column(str, pa.Check.isin(FREQUENCIES)),
        "value": pa.Column(float, nullable=True),
        "status": pa.Column(str, pa.Check.isin(STATUSES)),
        "missing_reason": pa.Column(nullable=True),
    },
    checks=[
        # A missing value always says why; a present value never carries a reason.
        pa.Check(
            lambda df: df["value"].isna() == df["missing_reason"].notna(),
            error="waarde ontbreekt zonder reden (of heeft er een terwijl ze er is)",
        ),
        pa.Check(
            lambda df: ~df.duplicated(["measure", "dims", "area_code", "period"]),
            error="dubbele waarneming (onderwerp, dimensies, gebied, periode)",
        ),
    ],
    strict=True,
    coerce=False,
)

AREAS = pa.DataFrameSchema(
    {
        "area_code": pa.Column(str, pa.Check.str_length(2, 64)),
        "level": pa.Column(str),
    },
    checks=[
        pa.Check(
            lambda df: ~df.duplicated(["area_code", "level"]), error="dubbel gebied"
        )
    ],
)


def validate(loaded: LoadedDataset) -> None:
    """Raise SourceError with the first problem found; the cache is not touched."""
    checks = [("observations", OBSERVATIONS)]
    if len(loaded.areas):
        checks.append(("areas", AREAS))
    for part, schema in checks:
        frame = getattr(loaded, part)
        if part == "observations" and not len(frame):
            continue
        try:
            schema.validate(frame, lazy=False)
        except (pa.errors.SchemaError, pa.errors.SchemaErrors) as exc:
            first = str(exc).splitlines()[0][:300]
            raise SourceError(f"{loaded.dataset}: {part} ongeldig: {first}") from None

"""A tiny cache written through Cache.write: two measures, three areas, two years."""

from __future__ import annotations

from datetime import date

import pandas as pd

from data_sources.cache import Cache
from data_sources.model import LoadedDataset, Provenance


def tiny_dataset(dataset: str = "tiny", scale: float = 1.0) -> LoadedDataset:
    rows = []
    for measure in ("M1", "M2"):
        for area in ("NL01", "GM0599", "WK059901"):
            for year in (2021, 2022):
                rows.append(
                    {
                        "measure": measure,
                        "dims": "",
                        "area_code": area,
                        "period": f"{year}JJ00",
                        "period_start": date(year, 1, 1),
                        "period_end": date(year, 12, 31),
                        "frequency": "Y",
                        "value": scale * (year - 2000),
                        "status": "definitief",
                        "missing_reason": None,
                    }
                )
    return LoadedDataset(
        dataset,
        Provenance(
            kind="cbs_v3",
            table_id="T0001",
            title="Kleine testtabel",
            catalog_url="http://127.0.0.1:9",
            origin="snapshot",
            licence="CC BY 4.0",
            attribution="CBS",
        ),
        observations=pd.DataFrame(rows),
        measures=pd.DataFrame(
            [
                {"measure": m, "title": m, "unit": "%", "decimals": 1}
                for m in ("M1", "M2")
            ]
        ).assign(description=""),
    )


def tiny_cache(url: str) -> Cache:
    cache = Cache(url)
    cache.write(tiny_dataset())
    return cache

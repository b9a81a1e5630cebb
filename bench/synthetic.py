"""SYNTHETIC benchmark data: a copy of a cache grown to N x its observation rows.

For the benchmark only (``bench/run.py``'s ``scale10_*`` figures). The numbers it
writes are NOT data: every dataset's observations are repeated for earlier periods
(its whole period span shifted back, ``periods`` times in all) and for extra copies
of each measure (``measures`` times in all, the copies named ``<measure>__syn<k>``),
values scaled by a fixed factor so nothing looks like a real figure. Areas (all NL
wijken and gemeenten that the source cache has), measures, members and geometries
are copied too. Every dataset's provenance says so: origin ``synthetic``, title
``SYNTHETISCH (benchmark): ...``, and a note.

It refuses to write into the source cache or into the configured (real) cache, so
synthetic rows can never land where the dashboard reads real data.

    python bench/synthetic.py SOURCE_URL TARGET_URL [--periods 5] [--measures 2]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from data_sources.cache import Cache  # noqa: E402
from data_sources.model import LoadedDataset, Provenance  # noqa: E402
from data_sources.periods import PeriodError, parse_period  # noqa: E402

ORIGIN = "synthetic"
TITLE_PREFIX = "SYNTHETISCH (benchmark): "
NOTE = (
    "Synthetische rijen van bench/synthetic.py voor de benchmark; geen echte cijfers."
)
PARTS = ("measures", "areas", "members", "geometries")


class SyntheticError(ValueError):
    pass


def _same_database(a: str, b: str) -> bool:
    def norm(url: str) -> str:
        if url.startswith("sqlite:///"):
            return "sqlite:///" + str(Path(url[len("sqlite:///") :]).resolve())
        return url.rstrip("/")

    return norm(a) == norm(b)


def check_target(source_url: str, target_url: str, real_url: str | None) -> None:
    if _same_database(source_url, target_url):
        raise SyntheticError("het doel is de broncache: synthetische rijen horen apart")
    if real_url and _same_database(real_url, target_url):
        raise SyntheticError(
            "het doel is de echte cache: synthetische rijen horen apart"
        )


def _shift_key(key: str, years: int) -> str | None:
    """The period key ``years`` earlier, or None if that key does not exist."""
    if not key[:4].isdigit():
        return None
    shifted = f"{int(key[:4]) - years:04d}{key[4:]}"
    try:
        parse_period(shifted)
    except PeriodError:
        return None  # e.g. week 53 in a year with 52 weeks
    return shifted


def grow_observations(frame: pd.DataFrame, periods: int, measures: int) -> pd.DataFrame:
    """The rows for ``periods`` period spans x ``measures`` measure copies."""
    if not len(frame):
        return frame
    years = frame["period"].str[:4].astype(int)
    span = int(years.max() - years.min() + 1)
    blocks = [frame]
    for k in range(1, periods):
        keys = frame["period"].drop_duplicates()
        mapping = {key: _shift_key(key, k * span) for key in keys}
        block = frame.assign(period=frame["period"].map(mapping))
        block = block[block["period"].notna()].copy()
        parsed = {key: parse_period(key) for key in block["period"].unique()}
        block["period_start"] = block["period"].map(lambda p: parsed[p].start)
        block["period_end"] = block["period"].map(lambda p: parsed[p].end)
        block["value"] = block["value"] * (1 + 0.01 * k)
        blocks.append(block)
    timed = pd.concat(blocks, ignore_index=True)
    copies = [timed]
    for k in range(1, measures):
        copies.append(
            timed.assign(
                measure=timed["measure"] + f"__syn{k}", value=timed["value"] * 0.9
            )
        )
    return pd.concat(copies, ignore_index=True)


def grow_measures(frame: pd.DataFrame, measures: int) -> pd.DataFrame:
    copies = [frame]
    for k in range(1, measures):
        copies.append(
            frame.assign(
                measure=frame["measure"] + f"__syn{k}",
                title=TITLE_PREFIX + frame["title"].fillna(""),
            )
        )
    return pd.concat(copies, ignore_index=True)


def synthetic_provenance(row: dict) -> Provenance:
    return Provenance(
        kind=row["kind"],
        table_id=row["table_id"],
        title=TITLE_PREFIX + str(row["title"]),
        catalog_url=row["catalog_url"],
        origin=ORIGIN,  # type: ignore[arg-type]
        licence=row["licence"],
        attribution=TITLE_PREFIX + str(row["attribution"]),
        cbs_modified=row["cbs_modified"],
        notes=NOTE,
    )


def grow(
    source_url: str,
    target_url: str,
    periods: int = 5,
    measures: int = 2,
    real_url: str | None = None,
) -> dict[str, int]:
    """Write the grown copy of every dataset; returns rows per dataset written."""
    check_target(source_url, target_url, real_url)
    source = Cache(source_url, create=False)
    target = Cache(target_url)
    written = {}
    for row in source.sources().to_dict("records"):
        dataset = row["dataset"]
        parts = {part: source.current(part, dataset) for part in PARTS}
        obs = source.current("observations", dataset)
        loaded = LoadedDataset(
            dataset,
            synthetic_provenance(row),
            observations=grow_observations(obs, periods, measures),
            measures=grow_measures(parts["measures"], measures),
            areas=parts["areas"],
            members=parts["members"],
            geometries=parts["geometries"],
        )
        target.write(loaded)
        written[dataset] = len(loaded.observations)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source_url")
    parser.add_argument("target_url")
    parser.add_argument("--periods", type=int, default=5)
    parser.add_argument("--measures", type=int, default=2)
    args = parser.parse_args()
    from data_sources.settings import load_settings

    real = load_settings().sqlalchemy_url
    written = grow(args.source_url, args.target_url, args.periods, args.measures, real)
    print(f"synthetic rows written: {sum(written.values()):,}")


if __name__ == "__main__":
    main()

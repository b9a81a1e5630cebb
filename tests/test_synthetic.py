"""The synthetic benchmark generator (bench/synthetic.py): counts, labels, isolation."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest
from tiny_cache import tiny_cache

from data_sources.cache import Cache

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import synthetic  # noqa: E402


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def source(tmp_path) -> tuple[str, Path]:
    path = tmp_path / "source.sqlite"
    # closed now: SQLite (WAL) writes its log into the file when the last connection
    # closes, which at garbage collection changed the digest mid-test (a flaky fail)
    tiny_cache(f"sqlite:///{path}").engine.dispose()
    return f"sqlite:///{path}", path


def test_rows_multiply_by_periods_times_measures(source, tmp_path):
    url, _ = source
    before = Cache(url, create=False).current("observations")
    written = synthetic.grow(url, f"sqlite:///{tmp_path / 'grown.sqlite'}", 3, 2)
    grown = Cache(f"sqlite:///{tmp_path / 'grown.sqlite'}", create=False)
    after = grown.current("observations")
    assert len(after) == len(before) * 3 * 2 == sum(written.values())
    # each period span appears once per shift, each measure once per copy
    assert after["period"].nunique() == before["period"].nunique() * 3
    assert after["measure"].nunique() == before["measure"].nunique() * 2
    assert set(after["area_code"]) == set(before["area_code"])
    assert not after.duplicated(["measure", "area_code", "period"]).any()


def test_provenance_says_synthetic(source, tmp_path):
    url, _ = source
    target = f"sqlite:///{tmp_path / 'grown.sqlite'}"
    synthetic.grow(url, target, 2, 2)
    sources = Cache(target, create=False).sources()
    assert len(sources) == len(Cache(url, create=False).sources())
    assert set(sources["origin"]) == {"synthetic"}
    assert all(t.startswith(synthetic.TITLE_PREFIX) for t in sources["title"])
    assert all("geen echte cijfers" in n for n in sources["notes"])


def test_the_source_cache_is_never_written(source, tmp_path):
    url, path = source
    unchanged = digest(path)
    synthetic.grow(url, f"sqlite:///{tmp_path / 'grown.sqlite'}", 2, 2)
    assert digest(path) == unchanged
    with pytest.raises(synthetic.SyntheticError):
        synthetic.grow(url, f"sqlite:///{tmp_path / '.' / 'source.sqlite'}", 2, 2)
    assert digest(path) == unchanged


def test_the_real_cache_is_refused_as_target(source, tmp_path):
    url, _ = source
    real = tmp_path / "var" / "cache.sqlite"
    with pytest.raises(synthetic.SyntheticError):
        synthetic.grow(url, f"sqlite:///{real}", 2, 2, real_url=f"sqlite:///{real}")
    assert not real.exists()


def test_keys_that_do_not_exist_earlier_are_dropped():
    assert synthetic._shift_key("2020W53", 1) is None  # 2019 has 52 ISO weeks
    assert synthetic._shift_key("2020MM04", 4) == "2016MM04"

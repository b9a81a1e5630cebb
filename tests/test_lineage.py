"""The gemeente lineage file agrees with the raw CBS codes, boundaries and corona files.

Expected facts are read here from the snapshot itself: the 03759ned code
descriptions, the gemeenten that have inhabitants in each year, the 2023 TopoJSON.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
import yaml

from data_sources.lineage import (
    LINEAGE_FILE,
    LineageGap,
    parse_cbs_descriptions,
    read_lineage,
)


@pytest.fixture(scope="module")
def region_codes(snapshot_dir) -> list[dict]:
    path = snapshot_dir / "cbs-v4" / "03759ned" / "codes-RegioS.json"
    return json.loads(path.read_text(encoding="utf-8"))["value"]


@pytest.fixture(scope="module")
def gemeenten_per_year(snapshot_dir) -> dict[int, set[str]]:
    """03759ned: the gemeente codes with inhabitants on 1 January of each year."""
    path = snapshot_dir / "cbs-v4" / "03759ned" / "observations-page-1.json"
    rows = json.loads(path.read_text(encoding="utf-8"))["value"]
    years: dict[int, set[str]] = {}
    for r in rows:
        if r["Measure"] == "M000352" and r["Value"] is not None:
            code = r["RegioS"].strip()
            if code.startswith("GM"):
                years.setdefault(int(r["Perioden"][:4]), set()).add(code)
    return years


@pytest.fixture(scope="module")
def topo_gemeenten(snapshot_dir) -> set[str]:
    path = snapshot_dir / "geo" / "nl-vr-gm.topo.json"
    topo = json.loads(path.read_text(encoding="utf-8"))
    return {
        g["properties"]["code"] for g in topo["objects"]["gm_features"]["geometries"]
    }


def test_the_lineage_file_is_what_the_cbs_code_descriptions_say(region_codes):
    written = yaml.safe_load(LINEAGE_FILE.read_text(encoding="utf-8"))
    derived = parse_cbs_descriptions(region_codes, written["since"])
    assert written["created"] == derived["created"]
    assert written["abolished"] == derived["abolished"]
    assert all(entry["into"] for entry in written["abolished"])


def test_the_current_indeling_is_the_boundaries_and_the_corona_files(
    snapshot_dir, gemeenten_per_year, topo_gemeenten
):
    lineage = read_lineage()
    corona = {p.name[:6] for p in (snapshot_dir / "coronadashboard").glob("GM[0-9]*")}
    assert corona == topo_gemeenten == gemeenten_per_year[2023]
    assert not lineage.abolished_codes & topo_gemeenten
    for code in topo_gemeenten:
        assert lineage.predecessors(code, 2023) == [code]


def test_every_year_of_the_population_table_is_the_current_gemeenten_traced_back(
    gemeenten_per_year, topo_gemeenten
):
    """Tracing the 342 gemeenten of 2023 back gives exactly the codes that held
    inhabitants on 1 January of each year, except the parts of a split gemeente."""
    lineage = read_lineage()
    for year, held in sorted(gemeenten_per_year.items()):
        traced, gaps = set(), set()
        for code in topo_gemeenten:
            try:
                traced |= set(lineage.predecessors(code, year))
            except LineageGap:  # the receiving gemeente itself existed already
                gaps.add(code)
                traced.add(code)
        split = {
            a.code for a in lineage.abolished if len(a.into) > 1 and a.date.year > year
        }
        assert traced | split == held, year
        if year <= 2020:  # Haaren went to Boxtel, Oisterwijk, Tilburg and Vught
            assert gaps == {"GM0757", "GM0824", "GM0855", "GM0865"}
        else:
            assert not gaps


def test_predecessors_and_successors_of_the_issue_examples():
    lineage = read_lineage()
    assert lineage.predecessors("GM0363", 2021) == ["GM0363", "GM0457"]
    assert lineage.predecessors("GM0363", 2022) == ["GM0363", "GM0457"]  # 24 March
    assert lineage.predecessors("GM0363", 2023) == ["GM0363"]
    assert lineage.predecessors("GM0439", 2021) == ["GM0370", "GM0439"]
    assert lineage.predecessors("GM0439", 2022) == ["GM0439"]
    assert lineage.predecessors("GM1992", 2022) == ["GM0501", "GM0530", "GM0614"]
    assert lineage.successor("GM0457", date(2022, 3, 23)) == "GM0457"
    assert lineage.successor("GM0457", date(2022, 3, 24)) == "GM0363"
    assert lineage.successor("GM0501", date(2024, 1, 1)) == "GM1992"
    with pytest.raises(LineageGap, match="Haaren"):
        lineage.predecessors("GM0855", 2020)
    with pytest.raises(LineageGap, match="verdeeld"):
        lineage.successor("GM0788", date(2021, 1, 1))

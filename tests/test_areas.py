"""The 16 gebieden: valid definitions, every wijk code exists in its boundary year."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from data_sources import areas
from data_sources.model import SourceError


@pytest.fixture(scope="module")
def definition():
    return areas.read_gebieden()


def test_there_are_sixteen_gebieden_with_unique_stable_ids(definition):
    ids = [g.id for g in definition.gebieden]
    assert len(ids) == 16 == len(set(ids))
    assert "den-haag-zuidwest" in ids and "rotterdam-zuid" in ids
    assert definition.boundary_year == 2021


def test_every_wijk_code_exists_in_the_wijk_list_of_its_boundary_year(
    definition, snapshot_dir
):
    # The CBS wijk list 2021 of the 15 gemeenten (partial for Den Haag and Tilburg,
    # see SOURCES-geo-gebieden.md) and the wijk boundaries 2022, which keep the 2021
    # codes for these gemeenten.
    known_2021 = areas.read_wijk_codes_tsv(
        snapshot_dir / "gebieden" / "cbs_wijken_2021_16gebieden_gemeenten.tsv"
    )
    assert areas.check_gebieden(definition, known_2021) == []
    wijken_2022 = json.loads((snapshot_dir / "geo" / "wijk_2022.geojson").read_text())
    known_2022 = {f["properties"]["code"] for f in wijken_2022["features"]}
    assert areas.check_gebieden(definition, known_2022) == []


def test_codes_of_another_indeling_are_reported(definition, snapshot_dir):
    wijken_2024 = json.loads((snapshot_dir / "geo" / "wijk_2024.geojson").read_text())
    known_2024 = {f["properties"]["code"] for f in wijken_2024["features"]}
    problems = areas.check_gebieden(definition, known_2024)
    # Amsterdam renumbered its wijken in 2024 (SOURCES: 21 of the codes are absent).
    assert any(p.startswith("amsterdam-zuidoost: wijk WK036392") for p in problems)
    assert all("wijkindeling 2021" in p for p in problems)


def test_certainty_travels_with_the_area(definition):
    loaded = areas.gebieden_dataset(definition, areas.GEBIEDEN_FILE)
    breda = loaded.areas.set_index("area_code").loc["breda-noord"]
    meta = json.loads(breda["meta"])
    assert meta["confidence"] == "low"
    assert "16 buurten" in meta["codes_note"]  # plain Dutch for the page
    assert "16 buurten" in meta["codes_note_en"]
    assert "research_note" not in meta  # the maintainers' English stays in the file
    members = loaded.members
    rotterdam = members[members["area_code"] == "rotterdam-zuid"]
    assert set(rotterdam["role"]) == {"core", "focus"}
    assert rotterdam[rotterdam["role"] == "focus"][
        "member_level"
    ].unique().tolist() == ["buurt"]
    tilburg = members[members["area_code"] == "tilburg-noordwest"]
    assert sorted(tilburg[tilburg["role"] == "candidate"]["member_code"]) == [
        "WK085538",
        "WK085539",
        "WK085540",
    ]


def edited(tmp_path: Path, change) -> Path:
    raw = yaml.safe_load(areas.GEBIEDEN_FILE.read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "gebieden.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_a_user_can_add_an_area_even_without_known_composition(tmp_path):
    def add(raw):
        raw["gebieden"].append(
            {
                "id": "vlaardingen-west",
                "name": "Vlaardingen West",
                "gemeente_code": "GM0622",
                "gemeente_name": "Vlaardingen",
                "confidence": "low",
                "wijk_codes": [],
            }
        )

    definition = areas.read_gebieden(edited(tmp_path, add))
    added = definition.gebieden[-1]
    assert not added.composition_known
    loaded = areas.gebieden_dataset(definition, tmp_path)
    row = loaded.areas.set_index("area_code").loc["vlaardingen-west"]
    assert json.loads(row["meta"])["composition_known"] is False
    assert "vlaardingen-west" not in set(loaded.members["area_code"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: raw["gebieden"][0].update(id="Bad Id/../x"), "gebieden.0.id"),
        (lambda raw: raw["gebieden"][0].update(confidence="sure"), "confidence"),
        (lambda raw: raw["gebieden"][0]["wijk_codes"].append("WK059910"), "WK059910"),
        (
            lambda raw: raw["gebieden"][1].update(id=raw["gebieden"][0]["id"]),
            "twee keer",
        ),
        (lambda raw: raw["gebieden"][0].update(colour="red"), "colour"),
    ],
    ids=[
        "bad-id",
        "bad-confidence",
        "wijk-of-other-gemeente",
        "duplicate-id",
        "unknown-key",
    ],
)
def test_a_broken_definition_is_refused_with_the_place(tmp_path, change, message):
    with pytest.raises(
        SourceError, match=message.replace(".", r"\.").replace("/", "/")
    ):
        areas.read_gebieden(edited(tmp_path, change))


def test_every_gemeente_lies_in_exactly_one_veiligheidsregio(snapshot_dir):
    loaded = areas.gemeente_boundaries(snapshot_dir / "geo" / "nl-vr-gm.topo.json")
    members = loaded.members
    assert len(members) == members["member_code"].nunique() == 342
    region_of = dict(zip(members["member_code"], members["area_code"]))
    # Utrecht, Den Haag, Rotterdam and Amsterdam in their own regions (CBS indeling).
    assert [region_of[c] for c in ("GM0344", "GM0518", "GM0599", "GM0363")] == [
        "VR09",
        "VR15",
        "VR17",
        "VR13",
    ]
    # The province of Utrecht (26 gemeenten in 2023) is one veiligheidsregio.
    assert (members["area_code"] == "VR09").sum() == 26
    names = loaded.areas.set_index("area_code")["name"]
    assert names["VR09"] == "Utrecht" and names["VR13"] == "Amsterdam-Amstelland"


def test_topojson_arcs_are_decoded_with_transform_and_reversal():
    from data_sources.topology import features

    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 2.0], "translate": [10.0, 50.0]},
        # arc 0: (0,0) -> (2,0) -> (2,1); arc 1: (2,1) -> (0,0), both delta-encoded
        "arcs": [[[0, 0], [2, 0], [0, 1]], [[2, 1], [-2, -1]]],
        "objects": {
            "a": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "properties": {"code": "X"}},
                    {
                        "type": "Polygon",
                        "arcs": [[~1, ~0]],
                        "properties": {"code": "Y"},
                    },
                ],
            }
        },
    }
    x, y = features(topology, "a")
    assert x["properties"] == {"code": "X"}
    assert x["geometry"]["coordinates"] == [
        [[10.0, 50.0], [11.0, 50.0], [11.0, 52.0], [10.0, 50.0]]
    ]
    # the same ring walked backwards
    assert y["geometry"]["coordinates"] == [
        [[10.0, 50.0], [11.0, 52.0], [11.0, 50.0], [10.0, 50.0]]
    ]


def test_the_shown_code_notes_are_plain_dutch_with_an_english_twin(definition):
    # Pages show codes_note (and codes_note_en in English); the maintainers' English
    # research notes ("They were NOT checked ...") are never a shown field.
    english = (" the ", " were ", " NOT ", "~", " inh.")
    noted = [g for g in definition.gebieden if g.codes_note]
    assert len(noted) >= 10
    for gebied in noted:
        assert gebied.codes_note_en, gebied.id
        assert not any(word in gebied.codes_note for word in english), gebied.id

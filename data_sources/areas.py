"""Areas: wijk and gemeente boundaries and the 16 stedelijke vernieuwingsgebieden.

Boundaries come from files (the snapshot's ``geo/`` folder, or the same files
elsewhere); the gebieden come from the project's own definition file
``gebieden.yaml``. A gebied is a list of CBS wijk codes of one boundary year, with
the certainty of that list carried along (``confidence``, optional and candidate
codes, notes) so every figure of the area can say how sure it is.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Literal

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field
from shapely import STRtree
from shapely.geometry import shape

from . import topology
from .model import (
    LoadedDataset,
    Provenance,
    SourceError,
    finish_observations,
    read_yaml_model,
)

GEBIEDEN_FILE = Path(__file__).with_name("gebieden.yaml")
VR_NAMES_FILE = Path(__file__).with_name("veiligheidsregios.yaml")
CBS_GEO_LICENCE = "CC BY 4.0"
CBS_GEO_ATTRIBUTION = "Bron: CBS, Kadaster"
WIJK_CODE = re.compile(r"^WK\d{6}$")
BUURT_CODE = re.compile(r"^BU\d{8}$")

# Wijk attributes of the 2022 file (CBS Kerncijfers wijken en buurten 2022, via tmap):
# property -> (measure title, unit)
WIJK_2022_ATTRIBUTES = {
    "population": ("Inwoners op 1 januari", "aantal"),
    "pop_0_14": ("Inwoners 0 tot 15 jaar", "%"),
    "pop_15_24": ("Inwoners 15 tot 25 jaar", "%"),
    "pop_25_44": ("Inwoners 25 tot 45 jaar", "%"),
    "pop_45_64": ("Inwoners 45 tot 65 jaar", "%"),
    "pop_65plus": ("Inwoners 65 jaar of ouder", "%"),
    "dwelling_total": ("Woningvoorraad", "aantal"),
    "dwelling_value": ("Gemiddelde WOZ-waarde van woningen", "x 1 000 euro"),
    "dwelling_ownership": ("Koopwoningen", "%"),
    "employment_rate": ("Nettoarbeidsparticipatie", "%"),
    "income_low": ("Huishoudens met een laag inkomen", "%"),
    "income_high": ("Huishoudens met een hoog inkomen", "%"),
    "edu_appl_sci": ("Hbo/wo-opgeleiden", "%"),
    "area": ("Oppervlakte", "km2"),
}
# Wijk attributes of the 2024 file (CBS kerncijfers 2024 columns as published there).
WIJK_2024_ATTRIBUTES = {
    "aantal_inwoners": ("Inwoners op 1 januari", "aantal"),
    "huishoudens": ("Particuliere huishoudens", "aantal"),
}


class Gebied(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)
    name: str
    gemeente_code: str = Field(pattern=r"^GM\d{4}$")
    gemeente_name: str
    confidence: Literal["high", "medium", "low"]
    confidence_reason: str | None = None  # Dutch, shown in the dashboard
    confidence_reason_en: str | None = None  # as compiled (English)
    wijk_codes: list[str] = []
    optional_wijk_codes: list[str] = []
    candidate_wijk_codes_unverified: list[str] = []
    focus_buurt_codes: list[str] = []
    wijk_names: list[str] = []
    focus_buurt_names: list[str] = []
    codes_note: str | None = None  # Dutch, plain words, shown with the composition
    codes_note_en: str | None = None  # the same in English, for the English mode
    research_note: str | None = None  # how the codes were matched; maintainers only
    source: str | None = None

    @property
    def composition_known(self) -> bool:
        return bool(self.wijk_codes)


class GebiedenFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    boundary_year: int = Field(ge=2000, le=2100)
    code_level: Literal["wijk"] = "wijk"
    manifest_source: str | None = None
    nplv_source: str | None = None
    gebieden: list[Gebied]


def read_gebieden(path: Path = GEBIEDEN_FILE) -> GebiedenFile:
    """Read and validate a gebieden file; SourceError with the id and field if wrong."""
    parsed = read_yaml_model(path, GebiedenFile, "gebiedenbestand")
    seen: set[str] = set()
    for gebied in parsed.gebieden:
        if gebied.id in seen:
            raise SourceError(f"{path}: gebied-id {gebied.id!r} komt twee keer voor")
        seen.add(gebied.id)
        for code in (
            gebied.wijk_codes
            + gebied.optional_wijk_codes
            + gebied.candidate_wijk_codes_unverified
        ):
            if not WIJK_CODE.match(code) or code[2:6] != gebied.gemeente_code[2:]:
                raise SourceError(
                    f"{path}: gebied {gebied.id}: {code} is geen wijkcode van "
                    f"{gebied.gemeente_code}"
                )
        for code in gebied.focus_buurt_codes:
            if not BUURT_CODE.match(code) or code[2:6] != gebied.gemeente_code[2:]:
                raise SourceError(
                    f"{path}: gebied {gebied.id}: {code} is geen buurtcode"
                )
    return parsed


def check_gebieden(definition: GebiedenFile, known_wijken: set[str]) -> list[str]:
    """Wijk codes of the gebieden that are not in the boundary set of their year."""
    problems = []
    for gebied in definition.gebieden:
        for code in (
            gebied.wijk_codes
            + gebied.optional_wijk_codes
            + gebied.candidate_wijk_codes_unverified
        ):
            if code not in known_wijken:
                problems.append(
                    f"{gebied.id}: wijk {code} bestaat niet in de wijkindeling "
                    f"{definition.boundary_year}"
                )
    return problems


def gebieden_dataset(definition: GebiedenFile, path: Path) -> LoadedDataset:
    year = definition.boundary_year
    areas, members = [], []
    for gebied in definition.gebieden:
        meta = {
            "confidence": gebied.confidence,
            "confidence_reason": gebied.confidence_reason,
            "confidence_reason_en": gebied.confidence_reason_en,
            "codes_note": gebied.codes_note,
            "codes_note_en": gebied.codes_note_en,
            "source": gebied.source,
            "wijk_names": gebied.wijk_names,
            "composition_known": gebied.composition_known,
        }
        areas.append(
            {
                "area_code": gebied.id,
                "name": gebied.name,
                "level": "gebied",
                "parent_code": gebied.gemeente_code,
                "boundary_year": year,
                "meta": json.dumps(meta, ensure_ascii=False),
            }
        )
        roles = (
            ("core", "wijk", gebied.wijk_codes),
            ("optional", "wijk", gebied.optional_wijk_codes),
            ("candidate", "wijk", gebied.candidate_wijk_codes_unverified),
            ("focus", "buurt", gebied.focus_buurt_codes),
        )
        for role, level, codes in roles:
            members.extend(
                {
                    "area_code": gebied.id,
                    "member_code": code,
                    "member_level": level,
                    "role": role,
                    "boundary_year": year,
                }
                for code in codes
            )
    return LoadedDataset(
        dataset="gebieden",
        provenance=Provenance(
            kind="gebieden",
            table_id="gebieden",
            title=f"De {len(definition.gebieden)} stedelijke vernieuwingsgebieden "
            "(samenstelling in CBS-wijken)",
            catalog_url=str(path),
            origin="snapshot",
            licence="eigen samenstelling uit openbare bronnen (per gebied vermeld)",
            attribution="Samenstelling: Coronadashboard Sociaal Domein",
            notes=f"wijkindeling {year}",
        ),
        areas=pd.DataFrame(areas),
        members=pd.DataFrame(members),
    )


def read_wijk_codes_tsv(path: Path) -> set[str]:
    """Wijk codes of a CBS wijk list (statcode column), e.g. the 2021 list."""
    with path.open(encoding="utf-8") as handle:
        return {
            row["statcode"].strip() for row in csv.DictReader(handle, delimiter="\t")
        }


# The CBS table behind each wijk file (see SOURCES-geo-gebieden.md of the snapshot):
# year -> (table id, title naming the copy the figures came through, CBS page).
WIJK_TABLES = {
    2022: (
        "85318NED",
        "CBS Kerncijfers wijken en buurten 2022 (via de kopie in R-pakket tmap 4.2, "
        "NLD_dist)",
        "https://www.cbs.nl/nl-nl/maatwerk/2024/11/kerncijfers-wijken-en-buurten-2022",
    ),
    2024: (
        "85984NED",
        "CBS Kerncijfers wijken en buurten 2024 (via PDOK WFS CBS wijken 2024, "
        "kopie in geoinzicht-app)",
        "https://www.pdok.nl/introductie/-/article/cbs-wijken-en-buurten",
    ),
}


def wijk_boundaries(
    path: Path, year: int, dataset: str, attributes: dict[str, tuple[str, str]]
) -> LoadedDataset:
    """Wijk areas, geometry and the CBS attributes carried by a wijk GeoJSON file."""
    try:
        with path.open(encoding="utf-8") as handle:
            document = json.load(handle)
    except FileNotFoundError:
        raise SourceError(f"grenzenbestand {path} bestaat niet") from None
    except json.JSONDecodeError as exc:
        raise SourceError(f"{path}: geen geldige GeoJSON ({exc.msg})") from None
    features = document.get("features") or []
    if not features:
        raise SourceError(f"{path}: geen features")
    props = pd.DataFrame([f["properties"] for f in features])
    for column in ("code", "name", "gm_code"):
        if column not in props:
            raise SourceError(f"{path}: eigenschap {column!r} ontbreekt")
    areas = pd.DataFrame(
        {
            "area_code": props["code"].str.strip(),
            "name": props["name"],
            "level": "wijk",
            "parent_code": props["gm_code"],
            "boundary_year": year,
            "meta": None,
        }
    )
    geometries = pd.DataFrame(
        {
            "area_code": areas["area_code"],
            "level": "wijk",
            "boundary_year": year,
            "geojson": [
                json.dumps(f["geometry"], separators=(",", ":")) for f in features
            ],
        }
    )
    present = [a for a in attributes if a in props]
    long = props[["code", *present]].melt(
        id_vars="code", var_name="measure", value_name="value"
    )
    long = long.rename(columns={"code": "area_code"})
    long["period"] = f"{year}JJ00"
    long["dims"] = ""
    measures = pd.DataFrame(
        {
            "measure": present,
            "title": [attributes[a][0] for a in present],
            "unit": [attributes[a][1] for a in present],
            "decimals": None,
            "description": None,
        }
    )
    return LoadedDataset(
        dataset=dataset,
        provenance=Provenance(
            kind="geo",
            table_id=WIJK_TABLES.get(year, (f"wijken_{year}",))[0],
            title=WIJK_TABLES.get(
                year, (None, f"Wijkindeling {year} met kerncijfers wijken en buurten")
            )[1],
            catalog_url=WIJK_TABLES[year][2] if year in WIJK_TABLES else str(path),
            origin="snapshot",
            licence=CBS_GEO_LICENCE,
            attribution=CBS_GEO_ATTRIBUTION,
            notes=document.get("name") or "",
        ),
        observations=finish_observations(long),
        measures=measures,
        areas=areas,
        geometries=geometries,
    )


def gemeente_boundaries(path: Path, dataset: str = "gemeenten_2023") -> LoadedDataset:
    """Gemeente and veiligheidsregio outlines (TopoJSON), kept whole as one row.

    The pages send this file to the browser once; the area list takes the codes, and
    each gemeente is placed in the veiligheidsregio that holds its interior point
    (the file carries no such mapping; corona figures per region are built from it).
    """
    try:
        text = path.read_text(encoding="utf-8")
        document = json.loads(text)
    except FileNotFoundError:
        raise SourceError(f"grenzenbestand {path} bestaat niet") from None
    except json.JSONDecodeError as exc:
        raise SourceError(f"{path}: geen geldige TopoJSON ({exc.msg})") from None
    objects = document.get("objects", {})
    for layer in ("gm_features", "vr_features"):
        if layer not in objects:
            raise SourceError(f"{path}: laag {layer} ontbreekt")
    gemeenten = topology.features(document, "gm_features")
    regions = topology.features(document, "vr_features")
    members = _regions_of(gemeenten, regions)
    names = yaml.safe_load(VR_NAMES_FILE.read_text(encoding="utf-8"))
    codes = [f["properties"]["code"] for f in gemeenten]
    vr_codes = [f["properties"]["code"] for f in regions]
    areas = pd.DataFrame(
        {
            "area_code": codes + vr_codes,
            "name": [None] * len(codes) + [names.get(c, c) for c in vr_codes],
            "level": ["gemeente"] * len(codes) + ["veiligheidsregio"] * len(vr_codes),
            "parent_code": [members.get(c) for c in codes] + [None] * len(vr_codes),
            "boundary_year": 2023,
            "meta": None,
        }
    )
    member_rows = pd.DataFrame(
        {
            "area_code": list(members.values()),
            "member_code": list(members.keys()),
            "member_level": "gemeente",
            "role": "core",
            "boundary_year": 2023,
        }
    )
    geometries = pd.DataFrame(
        [
            {
                "area_code": "*",
                "level": "topojson",
                "boundary_year": 2023,
                "geojson": text,
            }
        ]
    )
    return LoadedDataset(
        dataset=dataset,
        provenance=Provenance(
            kind="geo",
            table_id="nl-vr-gm",
            title="Gemeenten en veiligheidsregio's 2023 (TopoJSON)",
            catalog_url=str(path),
            origin="snapshot",
            licence=CBS_GEO_LICENCE,
            attribution=CBS_GEO_ATTRIBUTION,
            notes="veiligheidsregio per gemeente bepaald met een punt binnen de gemeente",
        ),
        areas=areas,
        members=member_rows,
        geometries=geometries,
    )


def _regions_of(gemeenten: list[dict], regions: list[dict]) -> dict[str, str]:
    """Gemeente code -> veiligheidsregio code, by an interior point of the gemeente."""
    polygons = [shape(f["geometry"]).buffer(0) for f in regions]
    tree = STRtree(polygons)
    result: dict[str, str] = {}
    for feature in gemeenten:
        point = shape(feature["geometry"]).buffer(0).representative_point()
        hits = tree.query(point, predicate="within")
        if len(hits) != 1:
            code = feature["properties"]["code"]
            raise SourceError(
                f"gemeente {code} ligt niet in precies één veiligheidsregio"
            )
        result[feature["properties"]["code"]] = regions[int(hits[0])]["properties"][
            "code"
        ]
    return result

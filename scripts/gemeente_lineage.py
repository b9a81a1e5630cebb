"""Write data_sources/gemeente_lineage.yaml from the CBS 03759ned region codes.

Run once after a new gemeentelijke indeling (1 January), then review the diff:
    python scripts/gemeente_lineage.py ../shared/data
The file is data the product reads; this script only derives it from CBS's own
code descriptions, so tests/test_lineage.py can check the file against the raw table.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from data_sources.lineage import LINEAGE_FILE, parse_cbs_descriptions  # noqa: E402

SINCE = date(2019, 1, 1)  # the first year of the 03759ned slice (datasets.yaml)
HEADER = """\
# Gemeente lineage: which gemeenten ceased to exist and where their area went.
# Read by data_sources/lineage.py; written by scripts/gemeente_lineage.py from the
# CBS code descriptions and reviewed by hand. Only whole gemeenten are listed
# (gemeentelijke herindelingen); small boundary corrections (grenswijzigingen of a few
# inhabitants) are not, so figures across them keep a difference of that size.
#   since             first date covered (the first year of the population table)
#   current_indeling  year of the indeling the corona figures and the boundaries use
#   created           new codes ("Ontstaan per"): no figures before their date
#   abolished         gemeenten "Opgeheven per" date, into one gemeente (merger) or
#                     several (split: figures before the date cannot be put on the
#                     current indeling; shown as missing with that reason)
#   inwoners          inhabitants that went over, as CBS states them
"""


def main(snapshot: Path) -> None:
    table = snapshot / "cbs-v4" / "03759ned"
    codes = json.loads((table / "codes-RegioS.json").read_text(encoding="utf-8"))
    parsed = parse_cbs_descriptions(codes["value"], SINCE)
    topo = json.loads(
        (snapshot / "geo" / "nl-vr-gm.topo.json").read_text(encoding="utf-8")
    )
    current = {
        g["properties"]["code"] for g in topo["objects"]["gm_features"]["geometries"]
    }
    document = {
        "since": SINCE,
        "current_indeling": 2023,
        "sources": [
            "CBS 03759ned Bevolking op 1 januari (cbs-v4 snapshot, codes-RegioS.json): "
            "the Description of each gemeente code ('Opgeheven per ..., overgegaan "
            "naar ...', 'Ontstaan per ...'), https://opendata.cbs.nl/#/CBS/nl/dataset/03759ned",
            f"geo/nl-vr-gm.topo.json: the {len(current)} gemeenten of the 2023 indeling "
            "(minvws/nl-covid19-data-dashboard, PDOK cbsgebiedsindelingen 2023)",
            "coronadashboard/GM*.json.gz: the same codes, every week on the 2023 indeling",
            "CBS Gemeentelijke indelingen per jaar: "
            "https://www.cbs.nl/nl-nl/onze-diensten/methoden/classificaties/overig/gemeentelijke-indelingen-per-jaar",
        ],
        **parsed,
    }
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
    LINEAGE_FILE.write_text(HEADER + text, encoding="utf-8")
    print(
        f"{LINEAGE_FILE}: {len(parsed['abolished'])} abolished, {len(parsed['created'])} created"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else REPO / ".." / "shared" / "data"))

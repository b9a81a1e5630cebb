"""The light read of datasets.yaml names the tables the validated registry names.

Issue 14: the coronakloof's "online only" line read the refresh's validated registry
at request time (importing the loaders and pandera: over a second on a gebied page's
first view); it now reads the table ids once without them. Both reads must agree.
"""

from __future__ import annotations

from data_sources.dataset_tables import dataset_tables
from data_sources.refresh import load_registry


def test_every_dataset_has_the_tables_of_the_validated_registry():
    specs = load_registry()
    light = dataset_tables()
    assert list(light) == [s.id for s in specs]
    for spec in specs:
        assert light[spec.id].table_id == spec.table_id, spec.id
        assert light[spec.id].tables == spec.tables, spec.id
    assert any(spec.tables for spec in specs)  # the per-year case is covered


def test_the_file_is_read_once():
    assert dataset_tables() is dataset_tables()

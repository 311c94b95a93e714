"""The whole data set as files: what the ZIP holds, `export_data` writes and CI validates.

results/*.csv, observers/*.csv   the loaders' own files (load them back unchanged)
tables/ballots.csv, results.csv  tidy tables keyed on ballot ids and ISO codes
datapackage.json                 Frictionless Tabular Data Package describing all of them
nist/<election slug>.json        NIST SP 1500-100 v2 election results, one per election
popolo.json                      organisations, people and memberships (Popolo)
CITATION.cff                     how to cite the data set
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings

from electionsite.opendata import nist, package, popolo
from observers import services as observer_data
from results import services as results_data
from results.models import Election

CITATION_FILE = Path(settings.BASE_DIR) / "CITATION.cff"


def json_text(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n"


def write_dataset(root: Path, *, site_url: str) -> list[Path]:
    """Write every file of the data set under `root`; returns their paths."""
    results_data.data_files_export(results_data.DATA_FILES, results_data.DATA_DIR, root / "results")
    results_data.data_files_export(
        observer_data.DATA_FILES, observer_data.DATA_DIR, root / "observers"
    )
    (root / "tables").mkdir(parents=True, exist_ok=True)
    for table in package.tidy_tables():
        (root / "tables" / f"{table.name}.csv").write_text(table.csv_text(), encoding="utf-8")
    version, changed = package.data_version()
    descriptor = package.descriptor(version=version, last_changed=changed, site_url=site_url)
    (root / "datapackage.json").write_text(json_text(descriptor), encoding="utf-8")
    (root / "nist").mkdir(exist_ok=True)
    for election in Election.objects.order_by("held_on"):
        report = nist.election_report(election)
        (root / "nist" / f"{election.slug}.json").write_text(json_text(report), encoding="utf-8")
    (root / "popolo.json").write_text(json_text(popolo.popolo(site_url)), encoding="utf-8")
    (root / "CITATION.cff").write_bytes(CITATION_FILE.read_bytes())
    return sorted(path for path in root.rglob("*") if path.is_file())

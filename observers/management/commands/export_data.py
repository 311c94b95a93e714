from pathlib import Path

from django.core.management.base import BaseCommand

from observers import services as observer_data
from results import services as results_data


class Command(BaseCommand):
    help = (
        "Write the whole data set (results, then observers) as CSV files in the loaders' "
        "format: `export_data --out DIR`, then `load_election_data --data-dir DIR/results` "
        "and `load_observer_data --data-dir DIR/observers` give it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, required=True)

    def handle(self, *args, out: Path, **options):
        count = results_data.data_files_export(
            results_data.DATA_FILES, results_data.DATA_DIR, out / "results"
        )
        count += results_data.data_files_export(
            observer_data.DATA_FILES, observer_data.DATA_DIR, out / "observers"
        )
        self.stdout.write(self.style.SUCCESS(f"Wrote {count} files to {out}."))

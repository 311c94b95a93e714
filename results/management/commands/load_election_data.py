from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from results.change_reasons import LOADED, recorded_with_reason
from results.services import DATA_DIR, DataFileError, election_data_load


class Command(BaseCommand):
    help = (
        "Load the reviewed CSV files in results/data/ (sources, provinces, parties, elections, "
        "results, schedules, events...). Safe to run again: rows are matched by their natural "
        "key and updated. Example row of constituencies.csv: "
        "'2024-senate,region-2,Region 2,8,Kampong Cham; Tboung Khmum,senate2024-article,"
        "Electoral system'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=DATA_DIR)

    def handle(self, *args, data_dir: Path, **options):
        try:
            with recorded_with_reason(LOADED):
                counts = election_data_load(data_dir=data_dir)
        except DataFileError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        if options["verbosity"] > 1:
            for filename, count in counts.items():
                self.stdout.write(f"{filename}: {count} rows")
        self.stdout.write(
            self.style.SUCCESS(
                f"Election data loaded: {sum(counts.values())} rows from {len(counts)} files."
            )
        )

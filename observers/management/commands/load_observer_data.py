from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from observers.services import DATA_DIR, observer_data_load
from results.change_reasons import LOADED, recorded_with_reason
from results.services import DataFileError


class Command(BaseCommand):
    help = (
        "Load the reviewed CSV files in observers/data/ (topics, organisations, statements, "
        "findings...). Run load_election_data first. Safe to run again. Example row of "
        "findings.csv: 'sco-observer-mission,election-day-conduct,positive,<summary>,<quote>,"
        "election-day-conduct'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=DATA_DIR)

    def handle(self, *args, data_dir: Path, **options):
        try:
            with recorded_with_reason(LOADED):
                counts = observer_data_load(data_dir=data_dir)
        except DataFileError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        if options["verbosity"] > 1:
            for filename, count in counts.items():
                self.stdout.write(f"{filename}: {count} rows")
        self.stdout.write(
            self.style.SUCCESS(
                f"Observer data loaded: {sum(counts.values())} rows from {len(counts)} files."
            )
        )

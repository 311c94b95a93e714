from pathlib import Path

from django.core.management.base import BaseCommand

from electionsite.opendata.dataset import write_dataset


class Command(BaseCommand):
    help = (
        "Write the whole data set, as /data/cambodia-elections-data.zip holds it: the loaders' "
        "CSV files (`export_data --out DIR`, then `load_election_data --data-dir DIR/results` "
        "and `load_observer_data --data-dir DIR/observers` give it back), the tidy tables, "
        "datapackage.json, the NIST election reports, popolo.json and CITATION.cff."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument(
            "--site-url",
            default="http://127.0.0.1:8000",
            help="The site's address, for the links inside the files.",
        )

    def handle(self, *args, out: Path, site_url: str, **options):
        files = write_dataset(out, site_url=site_url.rstrip("/"))
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(files)} files to {out}."))

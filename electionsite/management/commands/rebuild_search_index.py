from django.core.management.base import BaseCommand

from electionsite.search import rebuild_index


class Command(BaseCommand):
    help = (
        "Rebuild the site search index from the data. Saves and loads keep it current; "
        "run this after restoring a database or migrating one that already holds data."
    )

    def handle(self, *args, **options):
        count = rebuild_index()
        self.stdout.write(f"Search index: {count} entries.")

from django.apps import AppConfig


class ElectionSiteConfig(AppConfig):
    name = "electionsite"
    verbose_name = "Site"

    def ready(self):
        from django.template import base

        from electionsite.cache import connect_invalidation
        from electionsite.http_cache import connect_record_notes
        from electionsite.purge import connect_purging
        from electionsite.search import connect_index_updates
        from results import numerals

        # The index first: it is rebuilt before the cached pages are given up.
        connect_index_updates()
        connect_invalidation()
        # After the data version's: a purged page is fetched again under the new version.
        connect_purging()
        connect_record_notes()
        # Figures and dates a template writes get Khmer digits on Khmer pages: the template
        # engine's one call to localize (`{{ value }}`, blocktranslate's arguments).
        base.localize = numerals.localize

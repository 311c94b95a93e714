from django.apps import AppConfig


class ElectionSiteConfig(AppConfig):
    name = "electionsite"
    verbose_name = "Site"

    def ready(self):
        from electionsite.cache import connect_invalidation
        from electionsite.search import connect_index_updates

        # The index first: it is rebuilt before the cached pages are given up.
        connect_index_updates()
        connect_invalidation()

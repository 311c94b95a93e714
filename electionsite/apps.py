from django.apps import AppConfig


class ElectionSiteConfig(AppConfig):
    name = "electionsite"
    verbose_name = "Site"

    def ready(self):
        from electionsite.cache import connect_invalidation

        connect_invalidation()

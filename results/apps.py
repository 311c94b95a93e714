from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = _("Election results")

    def ready(self):
        from results import change_reasons  # noqa: F401 - connects the history signal

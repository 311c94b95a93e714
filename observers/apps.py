from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObserversConfig(AppConfig):
    name = "observers"
    verbose_name = _("Observers and statements")

    def ready(self) -> None:
        from observers.audit import observer_findings
        from results.audit import EXTRA_CHECKS

        EXTRA_CHECKS.append((_("Observers and statements"), observer_findings))

from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from results import audit


def consistency_findings(request):
    """Every consistency finding over the whole database, inside the admin."""
    return TemplateResponse(
        request,
        "admin/results/consistency.html",
        {
            **admin.site.each_context(request),
            "title": _("Where the figures disagree"),
            "findings": audit.all_findings(),
        },
    )

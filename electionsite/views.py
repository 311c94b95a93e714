"""Site-wide views that span the apps: About, the data download, robots.txt, the favicon."""

import io
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from observers import services as observer_data
from results import services as results_data
from results.models import Source
from results.permalinks import newest_change
from results.versions import history, page_context


@require_GET
def about(request):
    """What the site is, where its data comes from, how to correct it, and its licences."""
    return render(
        request,
        "about.html",
        {
            "contact": settings.SITE_CONTACT,
            "contact_is_email": "@" in settings.SITE_CONTACT and "/" not in settings.SITE_CONTACT,
            **page_context(
                request,
                title=_("About this site and its method"),
                updated=newest_change(history(Source)),
            ),
        },
    )


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the static file."""
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))


@require_GET
def data_download(request):
    """The whole data set as a ZIP of the CSV files the loaders read."""
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(buffer, "w") as archive:
        root = Path(tmp)
        results_data.data_files_export(
            results_data.DATA_FILES, results_data.DATA_DIR, root / "results"
        )
        results_data.data_files_export(
            observer_data.DATA_FILES, observer_data.DATA_DIR, root / "observers"
        )
        for path in sorted(root.rglob("*.csv")):
            archive.write(path, path.relative_to(root).as_posix())
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="cambodia-elections-data.zip"'
    return response


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /*?*_export=",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")

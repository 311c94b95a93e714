"""Site-wide views that span the apps: About, the data download, robots.txt, the favicon and
error pages."""

import io
import sys
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.http import require_GET

from electionsite.cache import built_once
from electionsite.http_cache import every_change_page
from electionsite.opendata.dataset import write_dataset
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


@every_change_page
@require_GET
def data_download(request):
    """The whole data set (electionsite.opendata.dataset) as one ZIP.

    Building it takes over a second, so it is built once per data version and stored.
    """
    site_url = request.build_absolute_uri("/").rstrip("/")
    archive = built_once("cambodia-elections-data.zip", lambda: _data_zip(site_url))
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="cambodia-elections-data.zip"'
    return response


def _data_zip(site_url: str) -> bytes:
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(buffer, "w") as archive:
        root = Path(tmp)
        for path in write_dataset(root, site_url=site_url):
            archive.write(path, path.relative_to(root).as_posix())
    return buffer.getvalue()


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /*?*_export=",
        "Disallow: /language/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


# How long a reader is asked to wait when the database is unreachable.
RETRY_AFTER_SECONDS = 30


def bad_request(request, exception):
    """400. A request for a host name the site does not serve gets plain text: the usual
    page builds absolute addresses from the host name."""
    if isinstance(exception, DisallowedHost):
        return HttpResponseBadRequest(
            _("Bad request: this site does not answer to that host name.\n"),
            content_type="text/plain; charset=utf-8",
        )
    return defaults.bad_request(request, exception)


def server_error(request):
    """500, or 503 with Retry-After while the database is unreachable.

    Cached pages are still served meanwhile (electionsite.cache asks only Redis).
    """
    if not isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return defaults.server_error(request)
    if request.path.startswith("/api/"):
        message = _("The site is temporarily unavailable. Please try again in a minute.")
        response = JsonResponse({"error": message, "status": 503}, status=503)
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response

"""Site-wide views that span the apps: the data download and robots.txt."""

import io
import tempfile
import zipfile
from pathlib import Path

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from electionsite.opendata.dataset import write_dataset


@require_GET
def data_download(request):
    """The whole data set (electionsite.opendata.dataset) as one ZIP."""
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(buffer, "w") as archive:
        root = Path(tmp)
        site_url = request.build_absolute_uri("/").rstrip("/")
        for path in write_dataset(root, site_url=site_url):
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

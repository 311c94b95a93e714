"""Site-wide views that span the apps: the data download and robots.txt."""

import io
import tempfile
import zipfile
from pathlib import Path

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from observers import services as observer_data
from results import services as results_data


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

"""Site-wide views that span the apps: search, the data download and robots.txt."""

import io
import tempfile
import zipfile
from pathlib import Path

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from electionsite import search
from observers import services as observer_data
from results import services as results_data
from results.api import ApiError, api_view, check_params


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


@require_GET
def search_page(request):
    """Results grouped by kind; the form alone when there is no query."""
    status, error, results = 200, "", None
    try:
        query = search.clean_query(request.GET.get("q", ""))
    except search.QueryError as problem:
        status, error, query = 400, str(problem), ""
    if query:
        results = search.search(query)
    title = _("Search: %(query)s") % {"query": query} if query else _("Search")
    context = {
        "search_query": query,
        "results": results,
        "error": error,
        "max_query_length": search.MAX_QUERY_LENGTH,
        "page_title": title,
        "noindex": True,
    }
    return render(request, "search.html", context, status=status)


@require_GET
def opensearch_description(request):
    """Lets a browser add the site's search (OpenSearch 1.1)."""
    return render(
        request,
        "opensearch.xml",
        {"search_url": request.build_absolute_uri(reverse("search"))},
        content_type="application/opensearchdescription+xml",
    )


@api_view
def search_api(request):
    """The search page's results as JSON, grouped the same way."""
    check_params(request, ("q",))
    try:
        query = search.clean_query(request.GET.get("q", ""))
    except search.QueryError as problem:
        raise ApiError(str(problem)) from problem
    if not query:
        raise ApiError("Give a query: ?q=takeo")
    results = search.search(query)
    return JsonResponse(
        {
            "query": query,
            "total": results.total,
            "groups": [
                {
                    "kind": group.kind,
                    "label": group.label,
                    "count": group.count,
                    "results": [
                        {
                            "title": hit.title,
                            "url": request.build_absolute_uri(hit.url),
                            "context": hit.context,
                        }
                        for hit in group.hits
                    ],
                }
                for group in results.groups
            ],
        }
    )

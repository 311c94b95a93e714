"""Search: the results page, the JSON answer and the browser's OpenSearch description."""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from electionsite import search
from electionsite.http_cache import every_change_page
from results.api import ApiError, api_view, check_params


@every_change_page
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


@every_change_page
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
        },
        json_dumps_params={"ensure_ascii": False},
    )

"""/data/: the data page and every download in open formats."""

from __future__ import annotations

import csv
import io
import json

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from electionsite.http_cache import every_change_page
from electionsite.opendata import changes, nist, package, popolo
from electionsite.opendata.dataset import CITATION_FILE
from observers import services as observer_data
from results import services as results_data
from results.models import Election
from results.permalinks import get_by_slug
from results.versions import json_for_script, page_context

APPS = {"results": results_data, "observers": observer_data}
JSON_PARAMS = {"ensure_ascii": False, "indent": 1}


def _site_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _loader_file(app: str, name: str):
    module = APPS.get(app)
    spec = (
        next((s for s in module.DATA_FILES if s.filename == f"{name}.csv"), None)
        if module
        else None
    )
    if spec is None:
        raise Http404
    with (module.DATA_DIR / spec.filename).open(newline="", encoding="utf-8") as handle:
        columns = next(csv.reader(handle))
    return spec, columns


def _tidy_table(name: str) -> package.Table:
    table = next((t for t in package.tidy_tables() if t.name == name), None)
    if table is None:
        raise Http404
    return table


@every_change_page
@require_GET
def data_page(request):
    """Every download, its licence, version and citation, and the identifier scheme."""
    site = _site_url(request)
    changelog = changes.versions_by_day()
    version = changelog[0].version if changelog else "unreleased"
    changed = package.moment_of(version) if changelog else ""
    tables = [
        {
            "app": app,
            "name": spec.filename.removesuffix(".csv"),
            "title": spec.model._meta.verbose_name_plural,
        }
        for app, module in APPS.items()
        for spec in module.DATA_FILES
    ]
    elections = list(Election.objects.order_by("held_on"))
    context = {
        "version": version,
        "changed": changed,
        "loader_tables": tables,
        "tidy_tables": [(t.name, t.title, t.description) for t in package.tidy_tables()],
        "elections": elections,
        "changelog": changelog,
        **page_context(request, title=_("Open data"), updated=None),
    }
    context["json_ld"] = json_for_script(_dataset_json_ld(site, version, changed, elections))
    return render(request, "opendata/data.html", context)


def _dataset_json_ld(site: str, version: str, changed: str, elections) -> dict:
    downloads = [
        ("application/zip", f"{site}/data/cambodia-elections-data.zip"),
        ("application/json", f"{site}/data/datapackage.json"),
        ("application/json", f"{site}/data/popolo.json"),
        *(("application/json", f"{site}/data/nist/{e.slug}.json") for e in elections),
    ]
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": "Cambodia's 2023 and 2024 elections",
        "description": (
            "Results, parties, schedules, turnout and observer statements of Cambodia's 2023 "
            "National Assembly election, 2024 Senate election and 2023 communal "
            "by-elections, each figure with its source."
        ),
        "url": f"{site}/data/",
        "license": package.LICENCE["path"],
        "version": version,
        "dateModified": changed or None,
        "creator": {"@type": "Organization", "name": package.settings.SITE_NAME},
        "temporalCoverage": "2022-06/2024-04",
        "spatialCoverage": {"@type": "Place", "name": "Cambodia"},
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": fmt, "contentUrl": url}
            for fmt, url in downloads
        ],
    }


@every_change_page
@require_GET
def datapackage_json(request):
    version, changed = package.data_version()
    descriptor = package.descriptor(
        version=version, last_changed=changed, site_url=_site_url(request)
    )
    return JsonResponse(descriptor, json_dumps_params=JSON_PARAMS)


@every_change_page
@require_GET
def loader_table(request, app: str, name: str, extension: str):
    spec, columns = _loader_file(app, name)
    rows = results_data.data_file_rows(spec, columns)
    if extension == "json":
        return JsonResponse(
            [dict(zip(columns, row, strict=True)) for row in rows],
            safe=False,
            json_dumps_params=JSON_PARAMS,
        )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return _csv(out.getvalue(), f"{name}.csv")


@every_change_page
@require_GET
def tidy_table(request, name: str, extension: str):
    table = _tidy_table(name)
    if extension == "json":
        return JsonResponse(
            json.loads(json.dumps(table.rows(), default=str)),
            safe=False,
            json_dumps_params=JSON_PARAMS,
        )
    return _csv(table.csv_text(), f"{name}.csv")


def _csv(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@every_change_page
@require_GET
def nist_report(request, slug: str):
    election = get_by_slug(Election.objects.all(), slug)
    return JsonResponse(nist.election_report(election), json_dumps_params=JSON_PARAMS)


@every_change_page
@require_GET
def popolo_json(request):
    return JsonResponse(popolo.popolo(_site_url(request)), json_dumps_params=JSON_PARAMS)


@require_GET
def citation_cff(request):
    return HttpResponse(CITATION_FILE.read_bytes(), content_type="text/plain; charset=utf-8")

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from electionsite.sitemaps import SITEMAPS
from electionsite.views import data_download, opensearch_description, robots_txt, search_page
from observers.feeds import StatementFeed
from results.admin_views import consistency_findings

admin.site.site_header = "Cambodia Elections Record: editors"
admin.site.site_title = "Editors"

urlpatterns = [
    path(
        f"{settings.ADMIN_PATH}consistency/",
        admin.site.admin_view(consistency_findings),
        name="admin_consistency",
    ),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("api/", include("electionsite.api_urls")),
    path("data/cambodia-elections-data.zip", data_download, name="data_download"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("search/", search_page, name="search"),
    path("opensearch.xml", opensearch_description, name="opensearch"),
    path("observers/feed/", StatementFeed(), name="statement_feed"),
    path("observers/", include("observers.urls")),
    path("", include("results.urls")),
]

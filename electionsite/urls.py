from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from electionsite.changelog_views import ChangeLogFeed, change_log, record_changes
from electionsite.http_cache import every_change_page
from electionsite.i18n import choose_language
from electionsite.opendata.views import data_page
from electionsite.recently_deleted import recently_deleted
from electionsite.search_views import opensearch_description, search_page
from electionsite.sitemaps import SITEMAPS
from electionsite.views import about, data_download, favicon, robots_txt
from observers.feeds import StatementFeed
from results.admin_views import bulk_upload, consistency_findings

handler400 = "electionsite.views.bad_request"
handler500 = "electionsite.views.server_error"

admin.site.site_header = "Cambodia Elections Record: editors"
admin.site.site_title = "Editors"

urlpatterns = [
    path(
        f"{settings.ADMIN_PATH}consistency/",
        admin.site.admin_view(consistency_findings),
        name="admin_consistency",
    ),
    path(
        f"{settings.ADMIN_PATH}upload/",
        admin.site.admin_view(bulk_upload),
        name="admin_bulk_upload",
    ),
    path(
        f"{settings.ADMIN_PATH}deleted/",
        admin.site.admin_view(recently_deleted),
        name="admin_recently_deleted",
    ),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("api/", include("electionsite.api_urls")),
    path("data/cambodia-elections-data.zip", data_download, name="data_download"),
    path("data/", include("electionsite.opendata.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("changes/feed/", every_change_page(ChangeLogFeed()), name="change_log_feed"),
    path("favicon.ico", favicon, name="favicon"),
    path("opensearch.xml", opensearch_description, name="opensearch"),
    path("observers/feed/", StatementFeed(), name="statement_feed"),
    path("language/<slug:code>/", choose_language, name="choose_language"),
]

# Every page a reader sees, in English at its original address and in Khmer under /km/.
# Downloads, feeds and the API's JSON are the same in both and keep one address.
urlpatterns += i18n_patterns(
    path("api/", TemplateView.as_view(template_name="api_docs.html"), name="api_docs"),
    path("data/", data_page, name="data_page"),
    path("changes/", change_log, name="change_log"),
    path("changes/<slug:kind>/<int:pk>/", record_changes, name="record_changes"),
    path("about/", about, name="about"),
    path("search/", search_page, name="search"),
    path("observers/", include("observers.urls")),
    path("", include("results.urls")),
    prefix_default_language=False,
)

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

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
    path("observers/", include("observers.urls")),
    path("", include("results.urls")),
]

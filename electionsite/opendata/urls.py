from django.urls import path, re_path

from electionsite.opendata import views

app_name = "data"

urlpatterns = [
    path("datapackage.json", views.datapackage_json, name="datapackage"),
    path("popolo.json", views.popolo_json, name="popolo"),
    path("CITATION.cff", views.citation_cff, name="citation"),
    path("nist/<slug:slug>.json", views.nist_report, name="nist"),
    re_path(
        r"^(?P<app>results|observers)/(?P<name>[a-z_]+)\.(?P<extension>csv|json)$",
        views.loader_table,
        name="loader_table",
    ),
    re_path(
        r"^tables/(?P<name>[a-z_]+)\.(?P<extension>csv|json)$",
        views.tidy_table,
        name="tidy_table",
    ),
]

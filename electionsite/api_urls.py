"""API v1. A future v2 gets its own module; v1's addresses never change meaning."""

from django.urls import path

from electionsite.search_views import search_api
from observers import api as observers_api
from results import api as results_api

app_name = "api"

urlpatterns = [
    path("v1/", results_api.index, name="index"),
    path("v1/search/", search_api, name="search"),
    path("v1/elections/", results_api.elections, name="elections"),
    path("v1/elections/<slug:slug>/", results_api.election_detail, name="election_detail"),
    path("v1/constituencies/", results_api.constituencies, name="constituencies"),
    path("v1/parties/", results_api.parties, name="parties"),
    path("v1/parties/<slug:slug>/", results_api.party_detail, name="party_detail"),
    path("v1/statements/", observers_api.statements, name="statements"),
    path("v1/statements/<slug:slug>/", observers_api.statement_detail, name="statement_detail"),
    path("v1/organisations/", observers_api.organisations, name="organisations"),
    path(
        "v1/organisations/<slug:slug>/",
        observers_api.organisation_detail,
        name="organisation_detail",
    ),
]

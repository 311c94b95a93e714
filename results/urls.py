from django.urls import path

from results import views

app_name = "results"

urlpatterns = [
    path("", views.home, name="home"),
    path("elections/", views.election_list, name="election_list"),
    path("elections/<slug:slug>/", views.election_detail, name="election_detail"),
    # Before the constituency pattern: no constituency may take these slugs
    # (models.RESERVED_CONSTITUENCY_SLUGS).
    path("elections/<slug:slug>/timeline/", views.election_timeline, name="election_timeline"),
    path("elections/<slug:slug>/parties/", views.election_parties, name="election_parties"),
    path("elections/<slug:slug>/figures/", views.election_figures, name="election_figures"),
    path(
        "elections/<slug:election_slug>/<slug:slug>/",
        views.constituency_detail,
        name="constituency_detail",
    ),
    path("provinces/", views.province_list, name="province_list"),
    path("provinces/<slug:slug>/", views.province_detail, name="province_detail"),
    path("parties/", views.party_list, name="party_list"),
    path("parties/<slug:slug>/", views.party_detail, name="party_detail"),
    path("registered-voters/", views.registered_voters, name="registered_voters"),
    path("consistency/", views.consistency, name="consistency"),
    path("sources/", views.source_list, name="source_list"),
]

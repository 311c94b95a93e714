from django.urls import path

from observers import views

app_name = "observers"

urlpatterns = [
    path("", views.statement_list, name="statement_list"),
    path("compare/", views.comparison, name="comparison"),
    path("reactions/", views.reactions, name="reactions"),
    path("figures/", views.figures, name="figures"),
    path("statements/<slug:slug>/", views.statement_detail, name="statement_detail"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
]

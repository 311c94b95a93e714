"""sitemap.xml: every public page (django.contrib.sitemaps)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from observers.models import Organisation, Statement, Topic
from results.models import Constituency, Election, Party, Province


class BothEditions(Sitemap):
    """Each page in English and in Khmer, each listing the other as its alternate."""

    i18n = True
    alternates = True
    x_default = True


class ListPages(BothEditions):
    priority = 0.6

    def items(self):
        return [
            "results:home",
            "results:election_list",
            "results:province_list",
            "results:party_list",
            "results:registered_voters",
            "results:consistency",
            "results:source_list",
            "observers:statement_list",
            "observers:comparison",
            "observers:reactions",
            "observers:figures",
            "api_docs",
            "about",
        ]

    def location(self, item):
        return reverse(item)


class RecordPages(BothEditions):
    def __init__(self, queryset):
        self.queryset = queryset

    def items(self):
        # A fresh queryset each time: the module-level one would keep its first result in
        # each worker, so that records added later never appeared (nor keyed the response).
        return self.queryset.all()


class ElectionPart(RecordPages):
    """One of the pages beside an election's own: its timeline, parties or stated figures."""

    def __init__(self, queryset, url_name: str):
        super().__init__(queryset)
        self.url_name = url_name

    def location(self, item):
        return reverse(self.url_name, args=[item.slug])


SITEMAPS = {
    "pages": ListPages(),
    "elections": RecordPages(Election.objects.order_by("pk")),
    "timelines": ElectionPart(Election.objects.order_by("pk"), "results:election_timeline"),
    "election-parties": ElectionPart(Election.objects.order_by("pk"), "results:election_parties"),
    "election-figures": ElectionPart(Election.objects.order_by("pk"), "results:election_figures"),
    "constituencies": RecordPages(Constituency.objects.select_related("election").order_by("pk")),
    "provinces": RecordPages(Province.objects.order_by("pk")),
    "parties": RecordPages(Party.objects.order_by("pk")),
    "statements": RecordPages(Statement.objects.order_by("pk")),
    "organisations": RecordPages(Organisation.objects.order_by("pk")),
    "topics": RecordPages(Topic.objects.order_by("pk")),
}

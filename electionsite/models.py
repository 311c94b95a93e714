"""Models of the site itself, as opposed to the data of the results and observers apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One findable thing (a province, a party, a person...) and where it is on the site.

    Rebuilt from the results and observers data whenever it changes (electionsite.search);
    never edited by hand. `names` and `haystack` hold normalised text (case, accents and
    spelling variants folded as the search module does), which the database's own trigram
    index searches: SQLite's FTS5 trigram table or PostgreSQL's pg_trgm (migration 0001).
    """

    class Kind(models.TextChoices):
        # In the order results are grouped when they rank alike.
        PLACE = "place", _("Provinces and Senate regions")
        PARTY = "party", _("Parties")
        ELECTION = "election", _("Elections")
        STATEMENT = "statement", _("Statements and reactions")
        FINDING = "finding", _("Findings by topic")
        ORGANISATION = "organisation", _("Organisations")
        PERSON = "person", _("People")
        EVENT = "event", _("Timeline events")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(help_text=_("The kind's place in the grouping."))
    title = models.CharField(max_length=300)
    context = models.TextField(blank=True, help_text=_("The line shown under the title."))
    url = models.CharField(max_length=500)
    # What a search from a Khmer page shows: the same record in the Khmer edition.
    title_km = models.CharField(max_length=300, blank=True)
    context_km = models.TextField(blank=True)
    url_km = models.CharField(max_length=500, blank=True)
    names = models.TextField(help_text=_("Normalised name and aliases, one a line."))
    haystack = models.TextField(help_text=_("Normalised names, context and other text."))

    class Meta:
        ordering = ["position", "title"]
        verbose_name_plural = _("search entries")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

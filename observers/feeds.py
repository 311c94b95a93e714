"""An Atom feed of statements, newest change first."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from observers.models import Statement


class TextSummaryAtomFeed(Atom1Feed):
    """Atom whose summaries are plain text: Django marks them as HTML, and a feed reader
    would then run the markup an editor typed."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class StatementFeed(Feed):
    feed_type = TextSummaryAtomFeed
    subtitle = _(
        "Observer statements and reactions on Cambodia's elections, as they are added or corrected."
    )

    def title(self):
        return f"{settings.SITE_NAME}: {_('statements')}"

    def link(self):
        return reverse("observers:statement_list")

    def items(self):
        changed = Statement.history.filter(id=OuterRef("pk")).order_by("-history_date")
        return (
            Statement.objects.select_related("election")
            .annotate(changed=Subquery(changed.values("history_date")[:1]))
            .order_by("-changed", "title")[:50]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_updateddate(self, item):
        return item.changed

    def item_pubdate(self, item):
        return item.changed

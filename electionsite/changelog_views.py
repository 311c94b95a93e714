"""The public change log page, each public page's own history, and the log's Atom feed."""

import uuid

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from electionsite.changelog import PAGE_KINDS, Change, change_log_page
from electionsite.http_cache import every_change_page
from results.versions import page_context


def _render(request, log):
    newest = log.changes[0].when if log.changes else None
    return render(
        request,
        "changelog/change_log.html",
        {"log": log, **page_context(request, title=log.heading, updated=newest)},
    )


@every_change_page
@require_GET
def change_log(request):
    return _render(request, change_log_page(request.GET.get("page")))


@every_change_page
@require_GET
def record_changes(request, kind: str, pk: int):
    if kind not in PAGE_KINDS:
        raise Http404
    try:
        log = change_log_page(request.GET.get("page"), page_kind=kind, owner_pk=pk)
    except ObjectDoesNotExist as error:
        raise Http404 from error
    return _render(request, log)


class TextAtomFeed(Atom1Feed):
    """Atom whose summaries are plain text, so no reader interprets them as markup."""

    def add_item_elements(self, handler, item):
        summary, item["description"] = item["description"], None
        super().add_item_elements(handler, item)
        if summary is not None:
            handler.addQuickElement("summary", summary, {"type": "text"})


class ChangeLogFeed(Feed):
    feed_type = TextAtomFeed
    subtitle = _("Every change to the site's data, newest first, with its reason.")

    def title(self):
        return f"{settings.SITE_NAME}: {_('change log')}"

    def link(self):
        return reverse("change_log")

    def items(self):
        return change_log_page().changes

    def item_title(self, item: Change):
        return f"{item.kind} {item.action}: {item.title}"

    def item_description(self, item: Change):
        lines = [f"{_('Reason')}: {item.reason or _('none given')}"]
        lines += [
            f"{change.field}: {change.old or '—'} → {change.new or '—'}" for change in item.changes
        ]
        return "\n".join(lines)

    def item_link(self, item: Change):
        return item.url or f"{reverse('change_log')}#{item.key}"

    def item_guid(self, item: Change):
        # Links repeat (many changes to one page): a stable id of its own per change.
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, item.key)}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Change):
        return item.when

    def item_updateddate(self, item: Change):
        return item.when

    def item_author_name(self, item: Change):
        return item.editor

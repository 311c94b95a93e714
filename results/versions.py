"""Pages as they stood at a moment (`?as_of=`), rebuilt from django-simple-history.

A version permalink pins a page to the time of its newest change. When that link is opened
later, the versioned figures and texts are read from the history tables as of that moment,
so a citation keeps showing what its author saw.
"""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from results.citation import Citable, citations, version_stamp
from results.permalinks import newest_change

DEFAULT_DESCRIPTION = _(
    "Results, sources and observer statements for Cambodia's 2023 National Assembly and "
    "2024 Senate elections."
)


def json_for_script(data: dict) -> str:
    """JSON safe to place inside a <script> element (no way to close the element early)."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - every markup character is escaped above


LARGEST_OFFSET = timedelta(hours=15, minutes=59)


class BadVersion(ValueError):
    """An `as_of` value that is neither a date nor a date and time."""


def parse_as_of(value: str | None) -> datetime | None:
    """`2024-05-01` means the end of that day (UTC); a full timestamp is taken as given."""
    if not value:
        return None
    try:
        # A date alone first: parse_datetime() would read it as the start of the day.
        day = parse_date(value) if len(value) == len("2024-05-01") else None
        moment = datetime.combine(day, time.max) if day else parse_datetime(value)
        if moment is None:
            raise BadVersion(value)
    except ValueError as error:
        raise BadVersion(value) from error
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    elif abs(moment.utcoffset()) > LARGEST_OFFSET:  # which PostgreSQL refuses
        raise BadVersion(value)
    # A moment still to come is simply the current page.
    return moment if moment < timezone.now() else None


def snapshot(model: type[models.Model], as_of: datetime | None) -> models.QuerySet:
    """The model's rows now, or as they were at `as_of`."""
    return model.history.as_of(as_of) if as_of else model.objects.all()


def attach(parents: Iterable, cache_name: str, children: Iterable, fk: str) -> None:
    """Make `parent.<cache_name>.all()` return these children without a query."""
    by_parent = defaultdict(list)
    for child in children:
        by_parent[getattr(child, f"{fk}_id")].append(child)
    for parent in parents:
        rows = by_parent[parent.pk]
        for child in rows:
            setattr(child, fk, parent)
        _cache(parent, cache_name, rows)


def attach_many(parents: Iterable, cache_name: str, links: Iterable, fk: str, target: str) -> None:
    """Like `attach` for a many-to-many field, from rows of its through table."""
    by_parent = defaultdict(list)
    for link in links:
        by_parent[getattr(link, f"{fk}_id")].append(getattr(link, target))
    for parent in parents:
        _cache(parent, cache_name, by_parent[parent.pk])


def _cache(parent, cache_name: str, rows: list) -> None:
    # A queryset made by the manager's constructor, not cloned from another: cloning
    # per parent row is what makes prefetch_related() slow on long pages.
    related_model = type(parent)._meta.get_field(cache_name).related_model
    cached = related_model._default_manager.get_queryset()
    cached._result_cache = rows
    cached._prefetch_done = True
    if not hasattr(parent, "_prefetched_objects_cache"):
        parent._prefetched_objects_cache = {}
    parent._prefetched_objects_cache[cache_name] = cached


def page_context(
    request,
    *,
    title: str,
    updated: datetime | None,
    as_of: datetime | None = None,
    versioned: bool = False,
    description: str = "",
    as_of_is_current: bool = False,
):
    """Last-updated date, version permalink (for versioned pages), citations, metadata.

    `as_of_is_current`: nothing on the page has changed since `as_of`, so the version asked
    for is also the current one and is not called a past version.
    """
    canonical = request.build_absolute_uri(request.path)
    updated = updated or timezone.now()
    version_url = f"{canonical}?as_of={version_stamp(updated.astimezone(UTC))}" if versioned else ""
    title = str(title)
    citable = Citable(
        title=title,
        url=canonical,
        version_url=version_url or canonical,
        publisher=settings.SITE_NAME,
        # Days in the site's time zone, as the page shows them, and as the page cache keys
        # its copies by (electionsite.cache._key): a copy never carries another day's date.
        updated=timezone.localtime(updated).date(),
        accessed=timezone.localdate(),
    )
    description = short_description(str(description)) if description else str(DEFAULT_DESCRIPTION)
    linked_data = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": title,
        # No "description": the page's meta description says it once (Open Graph readers
        # take it too); another copy cost 1.3 KB on the Khmer election pages.
        "url": canonical,
        "dateModified": updated.isoformat(),
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
        "isPartOf": {"@type": "WebSite", "name": settings.SITE_NAME},
    }
    return {
        "page_title": title,
        "page_description": description,
        "json_ld": json_for_script(linked_data),
        # Whole seconds: HTML's datetime attribute takes at most three decimals.
        "last_updated": updated.replace(microsecond=0),
        "version_url": version_url,
        "as_of": as_of,
        "as_of_is_current": as_of_is_current,
        "citations": citations(citable),
        "accessed": citable.accessed,
    }


# Search results show about 160 characters of a description. The whole of a Khmer summary
# that the page shows anyway cost a kilobyte.
DESCRIPTION_LENGTH = 200
_SENTENCE_END = re.compile(r"(?<=[.!?។])\s")


def short_description(text: str) -> str:
    """The text's first sentence, cut at a word if still longer than DESCRIPTION_LENGTH."""
    first = _SENTENCE_END.split(text.strip(), maxsplit=1)[0]
    if len(first) <= DESCRIPTION_LENGTH:
        return first
    return first[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0] + "…"


def history(model: type[models.Model], **filters) -> models.QuerySet:
    """The model's history rows matching `filters`, for `permalinks.newest_change`.

    Through the historical model's own manager: `Model.history` builds a new manager class
    on every access (about 0.1 ms, and pages name up to seven models).
    """
    return _historical_model(model)._default_manager.filter(**filters)


@functools.cache
def _historical_model(model: type[models.Model]) -> type[models.Model]:
    return model.history.model


def version_updated(as_of: datetime | None, *history_querysets) -> tuple[datetime | None, bool]:
    """The page's newest change up to `as_of` (or ever), and whether that is the newest.

    One query when `as_of` is None or nothing changed after it; two for a past version.
    None as the first value, for an `as_of` moment, means the page's data did not exist yet.
    """
    newest = newest_change(*history_querysets)
    if as_of is None or newest is None or newest <= as_of:
        return newest, True
    earlier = [rows.filter(history_date__lte=as_of) for rows in history_querysets]
    return newest_change(*earlier), False


def example_version() -> str:
    """A date for the message about a bad `as_of`: today, which always has a version."""
    return timezone.now().astimezone(UTC).date().isoformat()

"""Dated lists (schedule entries, events), each entry with its source."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from results.numerals import khmer_digits
from results.permalinks import url_for
from results.templatetags.sources import provenance_html, source_key, source_note
from results.templatetags.translated import translated, translated_name

register = template.Library()


@register.simple_tag
def timeline(entries, label, anchor_prefix="entry") -> str:
    """An ordered list of ScheduleEntry or Event objects, each with an anchor and its source.

    When every entry comes from the same source and section, the source is said once under
    the list, as under a table, instead of on every entry.

    Built in Python rather than by an included template: the election timeline page lists
    a few dozen entries, and the template cost a fifth of its time.
    """
    entries = list(entries)
    shared = len(entries) > 1 and len({source_key(entry) for entry in entries}) == 1
    items = ((_entry(entry, anchor_prefix, with_source=not shared),) for entry in entries)
    return format_html(
        '<ol class="timeline" aria-label="{}">\n{}\n</ol>{}',
        label,
        format_html_join("\n", "{}", items),
        format_html(
            '\n<p class="table-source">{}: {}</p>',
            _("Source for every entry"),
            provenance_html(entries[0]),
        )
        if shared
        else "",
    )


@register.simple_tag
def event_lines(events, label) -> str:
    """Events in one line each, date and title, linked to the whole entry (what happened,
    and its source) on its election's timeline; an event of no election keeps its whole
    entry here. For a party's page, whose events its elections' timelines already tell:
    told twice, they made the page too long for a phone."""
    items = (
        (
            format_html(
                '<li id="event-{}">{} <a href="{}#event-{}">{}</a></li>',
                event.key,
                _when(event),
                url_for("results:election_timeline", event.election.slug),
                event.key,
                translated_name(event, "title"),
            )
            if event.election_id
            else _entry(event, "event"),
        )
        for event in events
    )
    return format_html(
        '<ol class="timeline" aria-label="{}">\n{}\n</ol>',
        label,
        format_html_join("\n", "{}", items),
    )


def _when(entry) -> str:
    if not entry.starts_on:
        return entry.when
    return format_html(
        '<time datetime="{}">{}</time>', entry.starts_on.isoformat(), khmer_digits(entry.when)
    )


def _entry(entry, anchor_prefix: str, with_source: bool = True) -> str:
    when = _when(entry)
    # Translated texts, English names in them marked, an English stand-in marked as such.
    what = translated_name(entry, "title" if getattr(entry, "title", "") else "description")
    summary = translated(entry, "summary") if getattr(entry, "summary", "") else ""
    return format_html(
        '<li id="{}-{}">\n<span class="timeline__when">{}</span>\n'
        '<span class="timeline__what">{}{}</span>\n{}\n</li>',
        anchor_prefix,
        getattr(entry, "key", "") or entry.pk,
        when,
        what,
        format_html('<span class="timeline__detail">{}</span>', summary) if summary else "",
        source_note(entry) if with_source else "",
    )

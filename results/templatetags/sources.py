"""Where a figure comes from, said the same way on every page."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from results.permalinks import url_for

register = template.Library()


@register.filter
def source_note(record) -> str:
    """ "Source: <title>, <section>" for a Sourced record, the title linking to the source list.

    A filter rather than an included template: pages show up to a few hundred of these.
    """
    return format_html(
        '<span class="source">{}: <a href="{}#source-{}">{}</a>, {}</span>',
        _("Source"),
        url_for("results:source_list"),
        record.source.key,
        record.source.title,
        record.section,
    )


@register.filter
def any_reported(records, attribute: str) -> bool:
    """Whether any of `records` has `attribute`: a table leaves off a column no source fills."""
    return any(getattr(record, attribute) is not None for record in records)

"""Where a figure comes from, said the same way on every page."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from results.permalinks import url_for
from results.templatetags.translated import english_stand_in, in_english

register = template.Library()


def provenance_html(record) -> SafeString:
    """The source and section of a Sourced record, the title linking to the source list;
    the source the document itself names ("National Election Committee, via ..."), and
    for a figure the site derived, "inferred" with the reasoning."""
    link = in_english(
        format_html(
            '<a href="{}#source-{}">{}</a>, {}',
            url_for("results:source_list"),
            record.source.key,
            record.source.title,
            record.section,
        )
    )
    original = getattr(record, "original_source", "")
    if original:
        # The catalogue's template is trusted; the name inserted in it is escaped.
        via = mark_safe(_("%(original)s, via") % {"original": in_english(original)})
        link = format_html("{} {}", via, link)
    inference = getattr(record, "inference", "")
    if inference:
        link = format_html(
            # The space inside the span: a phone card's cell (display: table) drops a
            # space that stands alone between two elements.
            '{}<span class="inferred"> <strong>{}</strong>: {}</span>',
            link,
            _("Inferred"),
            english_stand_in(inference),
        )
    return mark_safe(link)


@register.filter
def provenance(record) -> str:
    """`provenance_html` where the word "Source" is already a column's header."""
    return provenance_html(record)


@register.filter
def source_note(record) -> str:
    """ "Source: <provenance>" for a Sourced record (see `provenance_html`).

    A filter rather than an included template: pages show up to a few hundred of these.
    """
    return format_html('<span class="source">{}: {}</span>', _("Source"), provenance_html(record))


def source_key(record) -> tuple:
    """What makes two records' source notes read the same."""
    return (
        record.source_id,
        record.section,
        getattr(record, "original_source", ""),
        getattr(record, "inference", ""),
    )


def shared_source_note(record) -> SafeString:
    """The line under a table whose rows all come from `record`'s source and section,
    said once instead of on every row."""
    return format_html(
        '<p class="table-source">{}: {}</p>', _("Source for every row"), provenance_html(record)
    )


@register.simple_tag
def table_source(records) -> str:
    """The source line under a table: each distinct source and section its rows come from,
    once, in the order first met."""
    seen, notes = set(), []
    for record in records:
        key = source_key(record)
        if key not in seen:
            seen.add(key)
            notes.append(provenance_html(record))
    if not notes:
        return ""
    return format_html(
        '<p class="table-source">{}: {}</p>', _("Source"), mark_safe("; ".join(notes))
    )


@register.filter
def any_reported(records, attribute: str) -> bool:
    """Whether any of `records` has `attribute`: a table leaves off a column no source fills."""
    return any(getattr(record, attribute) is not None for record in records)

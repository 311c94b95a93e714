"""Turnout and ballot figures as a table, each row with its source."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from results.cards import table_html
from results.numerals import figure, khmer_digits
from results.templatetags.sources import provenance_html, shared_source_note, source_key

register = template.Library()


@register.simple_tag
def ballot_counts(counts, caption) -> str:
    """A table of BallotCount rows (nationwide first, then by constituency and time of day).

    Built in Python rather than by an included template: the National Assembly page has a
    row for every constituency, and the template's loop cost a tenth of the page's time.
    """
    counts = list(counts)
    if not counts:
        return format_html("<p>{}</p>", _("No turnout figures reported."))
    # A column no row reports is left off, and named under the table (as CaptionedTable
    # does); one source for every row is said once under the table rather than on each row.
    columns = [(label, field) for label, field in FIGURES if any(_value(c, field) for c in counts)]
    left_out = [str(label) for label, field in FIGURES if (label, field) not in columns]
    shared = len({source_key(count) for count in counts}) == 1
    labels = [_("Where"), *(label for label, _field in columns)]
    if not shared:
        labels.append(_("Source"))
    rows = format_html_join(
        "\n", "{}", ((_row(count, [f for _label, f in columns], not shared),) for count in counts)
    )
    notes = []
    if shared:
        notes.append(shared_source_note(counts[0]))
    if left_out:
        notes.append(
            format_html(
                '<p class="note table-left-out">{}: {}.</p>',
                _("Not reported in any row, so left out here"),
                ", ".join(left_out),
            )
        )
    return format_html(
        "{}\n{}", table_html(caption, caption, labels, rows), mark_safe("\n".join(notes))
    )


# The figure columns: (header, BallotCount field).
FIGURES = (
    (gettext_lazy("Registered"), "registered_voters"),
    (gettext_lazy("Ballots cast"), "ballots_cast"),
    (gettext_lazy("Valid"), "valid_ballots"),
    (gettext_lazy("Blank or invalid"), "invalid_ballots"),
    (gettext_lazy("Turnout"), "turnout_percent"),
)


def _value(count, field: str):
    return getattr(count, field) is not None


def _row(count, fields: list[str], with_source: bool) -> str:
    if count.constituency:
        where = format_html(
            '<a href="{}">{}</a>', count.constituency.get_absolute_url(), count.constituency.name
        )
    else:
        where = _("Nationwide")
    if count.time_of_day:
        where = format_html(
            "{} ({})",
            where,
            _("at %(time)s") % {"time": khmer_digits(count.time_of_day.strftime("%H:%M"))},
        )
    cells = format_html_join("", "<td>{}</td>", ((_cell(count, field),) for field in fields))
    source = (
        format_html('<td class="source-cell">{}</td>', provenance_html(count))
        if with_source
        else ""
    )
    return format_html('<tr><th scope="row">{}</th>{}{}</tr>', where, cells, source)


def _cell(count, field: str) -> str:
    value = getattr(count, field)
    if field == "turnout_percent":
        return f"{figure(value)}%" if value is not None else _("not reported")
    return _figure(value)


def _figure(value) -> str:
    return _("not reported") if value is None else figure(value)

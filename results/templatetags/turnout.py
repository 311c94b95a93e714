"""Turnout and ballot figures as a table, each row with its source."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from results.cards import card_labels_style
from results.numerals import figure, khmer_digits
from results.templatetags.sources import shared_source_note, source_key, source_note

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
    # One source for every row: said once under the table rather than on each row.
    shared = len({source_key(count) for count in counts}) == 1
    columns = [
        _("Where"),
        _("Registered"),
        _("Ballots cast"),
        _("Valid"),
        _("Blank or invalid"),
        _("Turnout"),
    ]
    if not shared:
        columns.append(_("Source"))
    headers = format_html_join("\n", '<th scope="col">{}</th>', ((header,) for header in columns))
    return format_html(
        '<div class="table-scroll" role="region" aria-label="{}" tabindex="0">\n'
        '<table class="data-table" style="{}">\n<caption>{}</caption>\n'
        "<thead>\n<tr>\n{}\n</tr>\n</thead>\n<tbody>\n{}\n</tbody>\n</table>\n</div>{}",
        caption,
        card_labels_style(["", *columns[1:]]),
        caption,
        headers,
        format_html_join("\n", "{}", ((_row(count, not shared),) for count in counts)),
        shared_source_note(counts[0]) if shared else "",
    )


def _row(count, with_source: bool) -> str:
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
    turnout = (
        f"{figure(count.turnout_percent)}%"
        if count.turnout_percent is not None
        else _("not reported")
    )
    source = (
        format_html('<td class="source-cell">{}</td>\n', source_note(count)) if with_source else ""
    )
    return format_html(
        '<tr>\n<th scope="row">{}</th>\n<td>{}</td>\n<td>{}</td>\n'
        "<td>{}</td>\n<td>{}</td>\n<td>{}</td>\n{}</tr>",
        where,
        _figure(count.registered_voters),
        _figure(count.ballots_cast),
        _figure(count.valid_ballots),
        _figure(count.invalid_ballots),
        turnout,
        source,
    )


def _figure(value) -> str:
    return _("not reported") if value is None else figure(value)

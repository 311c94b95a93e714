"""A party's results in one election, constituency by constituency, as a table."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from results.cards import table_html
from results.numerals import figure
from results.templatetags.sources import any_reported
from results.templatetags.translated import translated_name

register = template.Library()


@register.simple_tag
def party_results_table(election, results) -> str:
    """The rows of ConstituencyResult for one party in `election`: each constituency, its
    provinces where it groups several, and the votes, share and seats won. A column no row
    reports is left off; a province-based election's constituency is its province, so no
    column repeats it.

    Built in Python rather than by the template's loop: the party page has a row for every
    constituency of several elections, and the loop cost about a tenth of its time.
    """
    votes, percent = any_reported(results, "votes"), any_reported(results, "percent")
    regions = not election.is_province_based
    labels = [
        _("Constituency"),
        *([_("Provinces")] if regions else []),
        *([_("Votes")] if votes else []),
        *([_("Share")] if percent else []),
        _("Seats won"),
    ]
    not_reported = _("not reported")

    def row(result) -> str:
        constituency = result.constituency
        cells = []
        if regions:
            cells.append(
                format_html_join(
                    ", ",
                    '<a href="{}">{}</a>',
                    (
                        (p.get_absolute_url(), translated_name(p))
                        for p in constituency.provinces.all()
                    ),
                )
            )
        if votes:
            cells.append(figure(result.votes) if result.votes is not None else not_reported)
        if percent:
            cells.append(
                f"{figure(result.percent)}%" if result.percent is not None else not_reported
            )
        cells.append(figure(result.seats) if result.seats is not None else not_reported)
        return format_html(
            '<tr><th scope="row"><a href="{}">{}</a></th>{}</tr>',
            constituency.get_absolute_url(),
            translated_name(constituency),
            format_html_join("", "<td>{}</td>", ((cell,) for cell in cells)),
        )

    return table_html(
        election.name,
        _("Results by constituency, %(name)s") % {"name": election.name},
        labels,
        format_html_join("", "{}", ((row(result),) for result in results)),
    )

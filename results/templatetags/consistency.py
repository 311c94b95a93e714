"""Where the sources differ: consistency findings, each with both figures and their sources."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def findings_list(findings) -> str:
    """The findings of `results.audit` as a list, or a sentence saying the figures agree.

    Built in Python rather than by an included template: the consistency page lists every
    finding of three elections.
    """
    if not findings:
        return format_html("<p>{}</p>", _("The recorded figures agree with each other."))
    return format_html(
        '<ul class="findings">\n{}\n</ul>',
        format_html_join("\n", "{}", ((_finding(finding),) for finding in findings)),
    )


def _finding(finding) -> str:
    subject = (
        format_html('<a href="{}">{}</a>', finding.url, finding.subject)
        if finding.url
        else finding.subject
    )
    figures = format_html_join(
        "\n",
        '<li><span class="finding__label">{}:</span> <span class="figure">{}</span> '
        '<span class="source">({}, {})</span></li>',
        ((f.label, f.value, f.source, f.section) for f in finding.figures),
    )
    rounding = (
        format_html(' <span class="finding__rounding">({})</span>', _("rounding level"))
        if finding.rounding_level
        else ""
    )
    return format_html(
        '<li class="finding">\n<p class="finding__title"><strong>{}</strong>: {}{}</p>\n'
        '<ul class="finding__figures">\n{}\n</ul>\n</li>',
        finding.check,
        subject,
        rounding,
        figures,
    )

"""Where the sources differ: consistency findings, each with both figures and their sources."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from results.numerals import localize
from results.permalinks import url_for
from results.templatetags.translated import english_marked, in_english

register = template.Library()


@register.simple_tag
def findings_list(findings) -> str:
    """The findings of `results.audit` as a list, or a sentence saying the figures agree.

    Each entry has its own anchor, says whether the gap is material or at the level of
    rounding, and gives both figures in the same words whether they come from one document
    or two. Built in Python rather than by an included template: the consistency page lists
    every finding of three elections.
    """
    if not findings:
        return format_html("<p>{}</p>", _("The recorded figures agree with each other."))
    seen: dict[str, int] = {}
    entries = []
    for finding in findings:
        anchor = finding.anchor
        seen[anchor] = seen.get(anchor, 0) + 1
        if seen[anchor] > 1:
            anchor = f"{anchor}-{seen[anchor]}"
        entries.append((_finding(finding, anchor),))
    return format_html('<ul class="findings">\n{}\n</ul>', format_html_join("\n", "{}", entries))


@register.simple_tag
def findings_links(findings, election) -> str:
    """An election page's disagreements in one line each, linked to their full entry (both
    figures and their sources) on "Where the sources differ": the election page stays short
    enough for a phone, and each disagreement has one place to be cited."""
    if not findings:
        return format_html("<p>{}</p>", _("The recorded figures agree with each other."))
    page = f"{url_for('results:consistency')}?election={election.slug}"
    material = sum(1 for finding in findings if finding.is_material)
    lines = format_html_join(
        "\n",
        '<li><span class="severity severity--{}">{}</span> <a href="{}#{}">{}: {}</a></li>',
        (
            (
                "material" if f.is_material else "rounding",
                _("Material") if f.is_material else _("Rounding-level"),
                page,
                f.anchor,
                f.check,
                english_marked(f.subject),
            )
            for f in findings
        ),
    )
    return format_html(
        '<p>{}</p>\n<ul class="findings-links">\n{}\n</ul>',
        ngettext(
            "%(count)s disagreement between figures of this election (%(material)s material):",
            "%(count)s disagreements between figures of this election (%(material)s material):",
            len(findings),
        )
        % {"count": localize(len(findings)), "material": localize(material)},
        lines,
    )


def _finding(finding, anchor: str) -> str:
    # A subject is a name the audit writes in the page's language, or one no source gives
    # in it (a constituency of the by-elections, a party, a statement): those are marked.
    subject = (
        format_html('<a href="{}">{}</a>', finding.url, english_marked(finding.subject))
        if finding.url
        else english_marked(finding.subject)
    )
    severity = (
        ("material", _("Material")) if finding.is_material else ("rounding", _("Rounding-level"))
    )
    figures = format_html_join(
        "\n",
        '<li><span class="finding__label">{}:</span> <span class="figure">{}</span>, '
        '<span class="source">{} ({})</span></li>',
        (
            (f.label, f.value, in_english(f.source), english_marked(f.section))
            for f in finding.figures
        ),
    )
    return format_html(
        '<li class="finding finding--{}" id="{}">\n'
        '<p class="finding__title"><span class="severity severity--{}">{}</span> '
        "<strong>{}</strong>: {} "
        '<a class="finding__link" href="#{}">{}<span class="visually-hidden"> {}</span></a></p>\n'
        '<ul class="finding__figures">\n{}\n</ul>\n</li>',
        severity[0],
        anchor,
        severity[0],
        severity[1],
        finding.check,
        subject,
        anchor,
        _("Link"),
        _("to this entry"),
        figures,
    )

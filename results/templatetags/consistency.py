"""Where the sources differ: consistency findings, each with both figures and their sources."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from results.cards import card_labels_style
from results.numerals import localize
from results.permalinks import url_for
from results.templatetags.translated import english_marked, in_english

register = template.Library()


@register.simple_tag
def findings_list(findings, by_check=False) -> str:
    """The findings of `results.audit` as a list, or a sentence saying the figures agree.

    Each entry has its own anchor, says whether the gap is material or at the level of
    rounding, and gives both figures in the same words whether they come from one document
    or two. With `by_check`, the entries of one check are listed under it as a heading
    (`<h3>`), and where all their figures come from one document it is named once, under
    them, as under a table. Built in Python rather than by an included template: the
    consistency page lists every finding of three elections.
    """
    if not findings:
        return format_html("<p>{}</p>", _("The recorded figures agree with each other."))
    seen: dict[str, int] = {}
    anchored = []
    for finding in findings:
        anchor = finding.anchor
        seen[anchor] = seen.get(anchor, 0) + 1
        if seen[anchor] > 1:
            anchor = f"{anchor}-{seen[anchor]}"
        anchored.append((finding, anchor))
    if not by_check:
        return _list(_finding(finding, anchor) for finding, anchor in anchored)
    checks: dict[str, list] = {}
    for finding, anchor in anchored:
        checks.setdefault(finding.check, []).append((finding, anchor))
    return mark_safe("\n".join(_check(check, entries) for check, entries in checks.items()))


def _list(entries) -> str:
    return format_html(
        '<ul class="findings">\n{}\n</ul>', format_html_join("\n", "{}", ((e,) for e in entries))
    )


def _check(check: str, entries: list) -> str:
    """One check's entries under it as a heading. The document their figures come from,
    where they share one, is named once, under them."""
    documents = {figure.source for finding, _anchor in entries for figure in finding.figures}
    document = next(iter(documents)) if len(documents) == 1 else None
    if document and len(entries) > 1:
        heading_id = f"{entries[0][1]}-check"
        return format_html(
            '<h3 id="{}">{}</h3>\n{}',
            heading_id,
            check,
            _check_table(entries, document, heading_id),
        )
    return format_html(
        "<h3>{}</h3>\n{}{}",
        check,
        _list(
            _finding(finding, anchor, with_check=False, source_named=bool(document))
            for finding, anchor in entries
        ),
        _document_line(document, []) if document else "",
    )


def _document_line(document: str, sections: list[str]) -> str:
    return format_html(
        '\n<p class="table-source">{}: {}{}</p>',
        _("Source of every figure above"),
        in_english(document),
        format_html(" ({})", mark_safe("; ".join(english_marked(s) for s in sections)))
        if sections
        else "",
    )


def _check_table(entries: list, document: str, heading_id: str) -> str:
    """A check's entries as the rows of a table: each its subject (with its anchor), whether
    the gap is material, and its two figures. A column whose figures share their label is
    headed by it, and one whose figures come from one section of the document names it
    under the table; otherwise each cell says them."""
    findings = [finding for finding, _anchor in entries]
    labels = [{f.figures[i].label for f in findings} for i in (0, 1)]
    sections = [{f.figures[i].section for f in findings} for i in (0, 1)]
    columns = [_("Entry"), _("Gap"), *(_column(labels, sections, i) for i in (0, 1))]

    def cell(finding, i: int) -> str:
        figure = finding.figures[i]
        value = (
            figure.value
            if len(labels[i]) == 1
            else format_html('{}: <span class="figure">{}</span>', figure.label, figure.value)
        )
        if len(sections[i]) == 1:
            return value
        # The space inside the span: a phone card's cell (display: table) drops a space
        # that stands alone between two elements.
        return format_html(
            '{}<span class="source"> ({})</span>', value, english_marked(figure.section)
        )

    rows = format_html_join(
        "\n",
        '<tr id="{}"><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>',
        (
            (
                anchor,
                _subject_linked(finding, anchor),
                _severity(finding),
                cell(finding, 0),
                cell(finding, 1),
            )
            for finding, anchor in entries
        ),
    )
    return format_html(
        '<table class="data-table findings-table" aria-labelledby="{}" style="{}">\n'
        "<thead><tr>{}</tr></thead>\n<tbody>\n{}\n</tbody>\n</table>{}",
        heading_id,
        card_labels_style(["", *columns[1:]]),
        format_html_join("", '<th scope="col">{}</th>', ((english_marked(c),) for c in columns)),
        rows,
        _document_line(document, [next(iter(s)) for s in sections if len(s) == 1]),
    )


def _column(labels: list[set], sections: list[set], i: int) -> str:
    """A figure column's heading: the label its figures share, with the section they come
    from where both columns share one label ("Vote share (Infobox)"); otherwise which of the
    two figures it is."""
    if len(labels[i]) != 1:
        return (_("First figure"), _("Second figure"))[i]
    label = next(iter(labels[i]))
    if labels[0] == labels[1] and len(sections[i]) == 1:
        return f"{label} ({next(iter(sections[i]))})"
    return label


def _severity(finding) -> str:
    """The entry's mark: material, as most are, unless marked rounding-level."""
    if finding.is_material:
        return format_html('<span class="severity">{}</span>', _("Material"))
    return format_html('<span class="severity severity--rounding">{}</span>', _("Rounding-level"))


def _subject_linked(finding, anchor: str) -> str:
    """The subject, with a link to the entry itself: the subject is that link, unless it
    links to its record's page."""
    # A subject is a name the audit writes in the page's language, or one no source gives
    # in it (a constituency of the by-elections, a party, a statement): those are marked.
    subject = english_marked(finding.subject)
    if finding.url:
        return format_html(
            '<a href="{}">{}</a> <a class="finding__link" href="#{}">{}'
            '<span class="visually-hidden"> {}</span></a>',
            finding.url,
            subject,
            anchor,
            _("Link"),
            _("to this entry"),
        )
    return format_html('<a href="#{}">{}</a>', anchor, subject)


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
        '<li>{} <a href="{}#{}">{}: {}</a></li>',
        (
            (
                _severity(f),
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


def _finding(finding, anchor: str, *, with_check=True, source_named=False) -> str:
    figures = format_html_join(
        "\n",
        '<li><b>{}:</b> <span class="figure">{}</span>{}</li>',
        (
            (
                f.label,
                f.value,
                # The document is named under the check's entries when they share it.
                format_html('<span class="source"> ({})</span>', english_marked(f.section))
                if source_named
                else format_html(
                    ', <span class="source">{} ({})</span>',
                    in_english(f.source),
                    english_marked(f.section),
                ),
            )
            for f in finding.figures
        ),
    )
    return format_html(
        '<li class="{}" id="{}">\n<p>{} {}{}</p>\n<ul>\n{}\n</ul>\n</li>',
        "finding" if finding.is_material else "finding finding--rounding",
        anchor,
        _severity(finding),
        format_html("<strong>{}</strong>: ", finding.check) if with_check else "",
        _subject_linked(finding, anchor),
        figures,
    )

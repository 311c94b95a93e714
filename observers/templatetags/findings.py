"""How a finding is shown on every page: its stance label and its quotation."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from results.templatetags.translated import document_lang, in_english

register = template.Library()


@register.filter
def stance_label(finding) -> str:
    """The stance in words, coloured by its class (the colour only repeats the words).

    A filter rather than an included template: the comparison shows one per cell.
    """
    return format_html(
        '<span class="stance stance--{}">{}</span>', finding.stance, finding.get_stance_display()
    )


@register.filter
def quotation(finding) -> str:
    """The finding's short quotation, attributed to its statement; nothing without one.

    A filter rather than an included template: topic and reaction pages show dozens.
    """
    if not finding or not finding.quote:
        return ""
    # A quotation stays in the language it was written in, marked as such on a Khmer page.
    return format_html(
        '<blockquote class="quote" cite="{}"><p{}>“{}”</p><footer>— <cite{}>{}</cite></footer>'
        "</blockquote>",
        finding.statement.get_absolute_url(),
        document_lang(),
        finding.quote,
        document_lang(),
        finding.statement.title,
    )


@register.filter
def credit_name(credit) -> str:
    """An author or signatory under the name the statement prints, with the name the site
    files it under beside it (linked) when they differ."""
    organisation = credit.organisation
    link = format_html(
        '<a href="{}">{}</a>', organisation.get_absolute_url(), in_english(organisation.name)
    )
    printed = credit.name_as_printed
    if not printed or printed == organisation.name:
        return link
    return format_html(
        '{} <span class="normalised-name">({}: {})</span>', in_english(printed), _("filed as"), link
    )

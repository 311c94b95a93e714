"""How a finding's stance is shown: the same words-and-colour label on every page."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def stance_label(finding) -> str:
    """The stance in words, coloured by its class (the colour only repeats the words).

    A filter rather than an included template: the comparison shows one per cell.
    """
    return format_html(
        '<span class="stance stance--{}">{}</span>', finding.stance, finding.get_stance_display()
    )

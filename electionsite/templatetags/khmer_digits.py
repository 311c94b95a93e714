"""Django's number and date filters, with Khmer digits on Khmer pages.

A builtin of every template (settings.TEMPLATES "builtins"), so `{{ votes|intcomma }}` and
`{{ day|date:"j F Y" }}` need no `{% load %}`: a template must not `{% load humanize %}`,
whose intcomma would replace this one. Machine-readable dates (`date:"c"`, `date:"Y-m-d"`
in `<time datetime>`, the year of a citation) keep 0-9.
"""

from django import template
from django.contrib.humanize.templatetags import humanize
from django.template import defaultfilters

from results.numerals import khmer_digits

register = template.Library()

# Formats that write a value for a machine or a citation, never prose.
MACHINE_DATE_FORMATS = frozenset({"c", "r", "U", "Y-m-d", "Y-m-d H:i", "Y"})


@register.filter(is_safe=True)
def intcomma(value, use_l10n=True):
    return khmer_digits(humanize.intcomma(value, use_l10n))


@register.filter(is_safe=True)
def floatformat(text, arg=-1):
    return khmer_digits(defaultfilters.floatformat(text, arg))


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    formatted = defaultfilters.date(value, arg)
    return formatted if arg in MACHINE_DATE_FORMATS else khmer_digits(formatted)


@register.filter(expects_localtime=True, is_safe=False)
def time(value, arg=None):
    return khmer_digits(defaultfilters.time(value, arg))


@register.filter(name="khmer_digits", is_safe=True)
def khmer_digits_filter(text):
    """Text Python or a tag formatted (`{% now "j F Y" as today %}`), in Khmer digits on
    Khmer pages: only for a figure or date, never a name or a source's words."""
    return khmer_digits(text)

"""Khmer digits (០-៩) in what a reader sees on Khmer pages.

Cambodian publications write numbers in Khmer digits; Django has no digit setting, so the
figures and dates it formats are given Khmer digits here, after formatting. Only text a
reader sees: addresses, ids, `<time datetime>` values, JSON-LD, citations and every
download keep 0-9 (the API and the downloads are the same in both languages).

In templates, a number Django localises (`{{ votes }}`, `{% blocktranslate %}` arguments)
gets Khmer digits on /km/ pages (see `localize` below): a number in an attribute, an address
or an id must be written `{{ value|unlocalize }}`, as Django's documentation already asks for
machine-readable values (the Khmer decimal separator is "," too).

Here rather than in electionsite: the results app's tables and summaries use it, and results
imports nothing from the project.
"""

import re
from datetime import date, datetime, time
from decimal import Decimal

from django.utils import formats
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

KHMER = "km"
KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")
# A tag, or a character reference (&#39;): digits there are markup, not text.
_MARKUP = re.compile(r"(<[^>]*>|&#?\w+;)")


def khmer_digits(text: str) -> str:
    """`text` with Khmer digits when the active language is Khmer, else `text` itself.

    For plain text (a formatted figure or date); safe text stays safe. Markup goes through
    `khmer_digits_html`.
    """
    if get_language() != KHMER:
        return text
    converted = str(text).translate(KHMER_DIGITS)
    return mark_safe(converted) if isinstance(text, SafeData) else converted


def khmer_digits_html(html: str) -> str:
    """Like `khmer_digits`, for HTML: only the text between tags, never an attribute (an
    href, a datetime) or a character reference."""
    if get_language() != KHMER:
        return html
    parts = _MARKUP.split(str(html))
    parts[::2] = [part.translate(KHMER_DIGITS) for part in parts[::2]]
    return mark_safe("".join(parts)) if isinstance(html, SafeData) else "".join(parts)


_LOCALISED = (int, float, Decimal, date, datetime, time)


def localize(value, use_l10n=None):
    """django.utils.formats.localize, with Khmer digits on Khmer pages: what the template
    engine uses to write `{{ value }}` (installed by ElectionSiteConfig.ready). Under
    `{% localize off %}` or `|unlocalize` values keep 0-9, as they keep "." for decimals."""
    localized = formats.localize(value, use_l10n=use_l10n)
    if use_l10n is False or isinstance(value, bool) or not isinstance(value, _LOCALISED):
        return localized
    return khmer_digits(localized)


def figure(value: int | float | Decimal, decimal_pos: int | None = None, *, sign=False) -> str:
    """A number as the active language writes it: grouped ("1,234,567" / "១.២៣៤.៥៦៧"), with
    `decimal_pos` decimal places if given, and a "+" before a positive change if `sign`.

    English keeps Python's own formatting, which is what the English pages always showed and
    costs less than number_format."""
    if get_language() != KHMER:
        plus = "+" if sign else ""
        places = "" if decimal_pos is None else f".{decimal_pos}f"
        return f"{value:{plus},{places}}"
    formatted = formats.number_format(value, decimal_pos, force_grouping=True)
    if sign and value >= 0:
        formatted = "+" + formatted
    return formatted.translate(KHMER_DIGITS)

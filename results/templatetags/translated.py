"""A translated field in the page's language, or its English marked as such.

On a Khmer page a record whose Khmer text is not written yet shows its English, marked
lang="en" (so that screen readers and fonts treat it as English) and, in headings, ledes and
summaries, labelled as not yet translated. English pages are left exactly as they were.
"""

import re
from html import unescape as html_unescape

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator

register = template.Library()

# Every source document the site holds is in English: its title and quotations are shown
# as written, marked as English on pages in another language.
DOCUMENT_LANGUAGE = "en"


def _is_translated(record, field: str) -> bool:
    try:
        options = translator.get_options_for_model(type(record))
    except NotRegistered:
        return False
    return field in options.all_fields


def in_language(record, field: str) -> tuple[str, bool]:
    """The field's text for the page, and whether it is the English standing in."""
    value = getattr(record, field, "") or ""
    language = get_language() or settings.LANGUAGE_CODE
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    if language == default or not _is_translated(record, field):
        return value, False
    own = getattr(record, f"{field}_{language.replace('-', '_')}", None)
    if own:
        return own, False
    return getattr(record, f"{field}_{default}", None) or value, True


def _on_english_page() -> bool:
    return (get_language() or settings.LANGUAGE_CODE) == settings.LANGUAGE_CODE


# Latin letters with their accented forms ("Takéo", Vietnamese names).
_LATIN_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_LATIN_WORD = rf"[{_LATIN_LETTER}](?:[{_LATIN_LETTER}0-9'’.&-]*[{_LATIN_LETTER}0-9])?"
# A run of Latin-script words ("Cambodian People's Party", "Hun Manet") inside Khmer text:
# a name no source gives in Khmer, left as the sources write it. A word glued to digits
# ("20261204T191724Z", a version) is an identifier, not English.
_LATIN_RUN = re.compile(
    rf"(?<![0-9{_LATIN_LETTER}]){_LATIN_WORD}(?: (?:{_LATIN_WORD}|[0-9](?:[0-9.,]*[0-9])?))*"
)
# An address in running text (a citation's URL) is left whole and unmarked.
_ADDRESS_OR_LATIN_RUN = re.compile(rf"(https?://\S+)|{_LATIN_RUN.pattern}")


@register.filter
def english_marked(text: str) -> str | SafeString:
    """Text on a page in another language with its English marked lang="en": each English
    name in Khmer prose, or the whole text when it has no Khmer. On an English page, and
    for markup already built, the text is left as it is."""
    if isinstance(text, SafeString) or not text:
        return text
    if _on_english_page():
        return text
    if not _is_khmer(text):
        return in_english(text)
    return mark_safe(_runs_marked(text))


def _runs_marked(text: str) -> str:
    """Plain text escaped, with each run of Latin-script words in `<span lang="en">`; an
    address is left whole and unmarked."""
    parts, end = [], 0
    for run in _ADDRESS_OR_LATIN_RUN.finditer(text):
        marked = escape(run[0]) if run[1] else in_english(run[0])
        parts += [escape(text[end : run.start()]), marked]
        end = run.end()
    return "".join(parts) + escape(text[end:])


_TAG = re.compile(r"(<[^>]*>)")
_START_TAG = re.compile(r"<([a-zA-Z][\w-]*)([^>]*)>")
_UNMARKED_ELEMENTS = frozenset({"code", "pre", "script", "style", "svg", "textarea"})
_VOID_ELEMENTS = frozenset({"br", "hr", "img", "input", "link", "meta", "wbr", "col", "source"})


@register.filter(is_safe=True)
def english_runs_marked(html: str) -> str | SafeString:
    """Rendered markup for a page in another language, with each run of English words in
    its text marked lang="en": a translated paragraph that names "Frictionless" or "SCO",
    which the catalogue's translators leave in Latin script. Text inside code, inside an
    element already marked with a language and inside tags is left as it is."""
    if _on_english_page() or not html:
        return html
    parts, open_elements = [], []
    for piece in _TAG.split(str(html)):
        if piece.startswith("</"):
            name = piece[2:-1].strip().lower()
            if name in (element for element, _leave in open_elements):
                while open_elements.pop()[0] != name:
                    pass
        elif start := _START_TAG.fullmatch(piece):
            name = start[1].lower()
            if name not in _VOID_ELEMENTS and not piece.endswith("/>"):
                leave = name in _UNMARKED_ELEMENTS or " lang=" in start[2]
                open_elements.append((name, leave))
        elif piece and not any(leave for _element, leave in open_elements):
            piece = _runs_marked(html_unescape(piece))
        parts.append(piece)
    return mark_safe("".join(parts))


@register.filter
def in_english(text: str) -> str | SafeString:
    """What the site holds only in English (a document's title, the name of one of its
    sections, an abbreviation, the site's own reasoning), marked as English on a page in
    another language. Nothing stays nothing, so that `|default:` can follow."""
    if not text:
        return ""
    if _on_english_page():
        return conditional_escape(text)
    return format_html('<span lang="{}">{}</span>', settings.LANGUAGE_CODE, text)


@register.filter
def english_stand_in(text: str) -> str | SafeString:
    """The site's own words not yet written in the page's language (a figure's reasoning):
    the English, marked as such and labelled as not yet translated."""
    if _on_english_page():
        return conditional_escape(text)
    return format_html(
        '{} <span class="untranslated">{}</span>', in_english(text), _("(not yet translated)")
    )


@register.filter
def translated(record, field: str) -> str | SafeString:
    """A heading's, lede's or summary's text; English stand-ins are labelled."""
    value, fallback = in_language(record, field)
    if not fallback:
        return english_marked(value)
    return english_stand_in(value) if value else value


@register.filter
def translated_name(record, field: str = "name") -> str | SafeString:
    """A name or a label in a list or a table: an English stand-in is marked, not labelled;
    an English name inside a Khmer label ("អ្នកសង្កេតការណ៍ SCO") is marked too."""
    value, fallback = in_language(record, field)
    if not fallback:
        return english_marked(value)
    return in_english(value) if value else value


@register.simple_tag
def document_lang() -> str | SafeString:
    """` lang="en"` on an element holding a document's own words (a title as published, a
    quotation) on a page in another language; nothing on an English page."""
    if (get_language() or settings.LANGUAGE_CODE) == DOCUMENT_LANGUAGE:
        return ""
    return format_html(' lang="{}"', DOCUMENT_LANGUAGE)


def _is_khmer(text: str) -> bool:
    return any("\u1780" <= char <= "\u17ff" for char in text)


@register.filter
def spellings(aliases) -> list[str | SafeString]:
    """A record's other spellings for the page: its Khmer spellings on Khmer pages only (an
    English page lists the Latin ones it always did), each marked with its language."""
    language = get_language() or settings.LANGUAGE_CODE
    shown = []
    for alias in aliases:
        khmer = _is_khmer(alias.name)
        if language == settings.LANGUAGE_CODE:
            if not khmer:
                shown.append(alias.name)
        elif khmer == language.startswith("km"):
            shown.append(alias.name)
        else:
            shown.append(
                format_html('<span lang="{}">{}</span>', "km" if khmer else "en", alias.name)
            )
    return shown

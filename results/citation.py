"""How to cite a page: APA, MLA, Chicago and BibTeX, from the same few facts; on a Khmer
page, first an APA citation written in Khmer (Khmer dates and punctuation).

Plain functions over plain values, so each format can be checked against a hand-written
string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils.dateformat import format as format_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from results.numerals import KHMER, khmer_digits

MLA_MONTHS = (
    "Jan.", "Feb.", "Mar.", "Apr.", "May", "June",
    "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
)  # fmt: skip
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class Citable:
    title: str
    url: str
    version_url: str
    publisher: str
    updated: date
    accessed: date


def _long(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def apa(c: Citable) -> str:
    return (
        f"{c.publisher}. ({c.updated.year}, {c.updated:%B} {c.updated.day}). {c.title}. "
        f"Retrieved {_long(c.accessed)}, from {c.version_url}"
    )


def apa_khmer(c: Citable) -> str:
    """APA's order and parts, in Khmer: "(ឆ្នាំ, ថ្ងៃ ខែ)" and "ទាញយកនៅ ... ពី <url>"."""

    def day_month(day: date) -> str:
        return khmer_digits(format_date(day, "j F"))

    accessed = khmer_digits(format_date(c.accessed, "j F Y"))
    return (
        f"{c.publisher}។ ({khmer_digits(str(c.updated.year))}, {day_month(c.updated)})។ "
        f"{c.title}។ ទាញយកនៅថ្ងៃទី {accessed} ពី {c.version_url}"
    )


def mla(c: Citable) -> str:
    def short(day: date) -> str:
        return f"{day.day} {MLA_MONTHS[day.month - 1]} {day.year}"

    return (
        f"“{c.title}.” {c.publisher}, {short(c.updated)}, {c.version_url}. "
        f"Accessed {short(c.accessed)}."
    )


def chicago(c: Citable) -> str:
    return (
        f"“{c.title}.” {c.publisher}. Last modified {_long(c.updated)}. "
        f"Accessed {_long(c.accessed)}. {c.version_url}."
    )


def bibtex_key(c: Citable) -> str:
    path = re.sub(r"[^a-z0-9]+", "-", c.url.split("://", 1)[-1].split("/", 1)[-1].lower())
    return f"{path.strip('-') or 'home'}-{c.updated:%Y%m%d}"


def bibtex(c: Citable) -> str:
    def escape(text: str) -> str:
        return re.sub(r"([&%$#_{}])", r"\\\1", text)

    return "\n".join(
        [
            f"@misc{{{bibtex_key(c)},",
            f"  title = {{{escape(c.title)}}},",
            f"  author = {{{{{escape(c.publisher)}}}}},",
            f"  year = {{{c.updated.year}}},",
            f"  month = {BIBTEX_MONTHS[c.updated.month - 1]},",
            f"  howpublished = {{\\url{{{c.version_url}}}}},",
            f"  note = {{Last updated {c.updated:%Y-%m-%d}; accessed {c.accessed:%Y-%m-%d}}},",
            "}",
        ]
    )


FORMATS = (("APA", apa), ("MLA", mla), ("Chicago", chicago), ("BibTeX", bibtex))


def citations(c: Citable) -> list[tuple[str, str]]:
    """The formats offered, the first shown in full: on a Khmer page, APA written in Khmer,
    then the English-language formats (a reference list in English needs them)."""
    offered = [(name, render(c)) for name, render in FORMATS]
    if get_language() == KHMER:
        return [("APA", apa_khmer(c)), (_("APA (English)"), offered[0][1]), *offered[1:]]
    return offered


def version_stamp(moment: datetime) -> str:
    """The `as_of` value that pins a page to the moment of its newest change.

    Rounded up to the whole second, so that the change itself is inside the version.
    """
    if moment.microsecond:
        moment = moment.replace(microsecond=0) + timedelta(seconds=1)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

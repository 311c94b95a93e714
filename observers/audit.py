"""Consistency checks over the observers' data, listed with the results' checks on "Where
the sources differ" (registered with `results.audit.EXTRA_CHECKS` in `apps.py`)."""

from __future__ import annotations

from dataclasses import replace

from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from observers.models import ReportedFigure, Statement
from results import numerals
from results.audit import Figure, Finding
from results.numerals import khmer_digits


def statement_date_findings() -> list[Finding]:
    """A statement whose published page gives another date than the statement itself."""
    findings = []
    # Only the statements whose two dates differ are read (the page lists every finding).
    statements = (
        Statement.objects.exclude(page_dated_on=None)
        .exclude(issued_on=None)
        .exclude(page_dated_on=F("issued_on"))
        .select_related("source", "election")
    )
    for statement in statements:
        if statement.issued_on and statement.page_dated_on != statement.issued_on:
            draft = _(" (the page is marked as a draft)") if statement.marked_draft else ""
            findings.append(
                Finding(
                    _("One statement, two dates"),
                    statement.title,
                    Figure(
                        _("Dated in its text"),
                        khmer_digits(date_format(statement.issued_on, "j F Y")),
                        statement.source.title,
                        statement.section,
                    ),
                    Figure(
                        _("Dated in the page's front matter") + draft,
                        khmer_digits(date_format(statement.page_dated_on, "j F Y")),
                        statement.source.title,
                        _("front matter"),
                    ),
                    statement.election,
                    statement.get_absolute_url(),
                )
            )
    return findings


def counted_group_findings() -> list[Finding]:
    """A group that a source counts within one total although by its nature it belongs to
    another (foreign observers inside a count of national observers)."""
    # Only the figures counted within another's total, and those totals, are read.
    grouped = ReportedFigure.objects.exclude(counted_in="").exclude(belongs_to="")
    figures = list(
        ReportedFigure.objects.filter(
            Q(pk__in=grouped.values("pk")) | Q(subject__in=grouped.values("counted_in"))
        ).select_related("source")
    )
    by_subject_source = {(f.subject, f.source_id): f for f in figures}
    findings = []
    for figure in figures:
        if not (figure.counted_in and figure.belongs_to) or figure.counted_in == figure.belongs_to:
            continue
        total = by_subject_source.get((figure.counted_in, figure.source_id))
        if total is None:
            continue
        findings.append(
            Finding(
                _("A total that counts a group the source elsewhere counts apart"),
                total.label,
                Figure(
                    total.label,
                    f"{total.get_qualifier_display()} {numerals.figure(total.value)}",
                    total.source.title,
                    total.section,
                ),
                Figure(
                    _("%(label)s, counted within it") % {"label": figure.label},
                    numerals.figure(figure.value),
                    figure.source.title,
                    figure.section,
                ),
            )
        )
    return findings


def observer_findings() -> list[Finding]:
    return [replace(f, kind="statement_dates") for f in statement_date_findings()] + [
        replace(f, kind="counted_groups") for f in counted_group_findings()
    ]

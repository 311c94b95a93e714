"""Observer pages. Each view runs a fixed number of queries (pinned in tests)."""

from collections import defaultdict

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, F, Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django_tables2 import RequestConfig

from observers import summaries
from observers.models import (
    Finding,
    MissionMember,
    Organisation,
    ReportedFigure,
    Statement,
    StatementOrganisation,
    Topic,
    credits_in_order,
)
from observers.tables import StatementTable
from results.models import Election
from results.permalinks import get_by_slug, newest_change
from results.tables import export_response
from results.versions import (
    BadVersion,
    attach,
    history,
    history_until,
    page_context,
    parse_as_of,
    snapshot,
)
from results.views import bad_request, page_of

ASSESSMENT_KINDS = [kind for kind in Statement.Kind.values if kind not in Statement.REACTION_KINDS]


def _grouped(items, attribute, choices):
    """[(value, label, items)] in the order of `choices`, leaving out empty groups."""
    by_value = defaultdict(list)
    for item in items:
        by_value[getattr(item, attribute)].append(item)
    return [(value, label, by_value[value]) for value, label in choices if by_value[value]]


def _observers_updated():
    return newest_change(history(Statement), history(Finding))


class StatementFilter(forms.Form):
    """The index's filters. A value that is not one of the choices is ignored, not an error."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Statement.Kind.choices]
    )
    verdict = forms.ChoiceField(
        label=_("Verdict"),
        required=False,
        choices=[("", _("Any verdict")), *Statement.Verdict.choices],
    )
    election = forms.ChoiceField(label=_("Election"), required=False)

    def __init__(self, *args, elections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["election"].choices = [
            ("", _("Any election")),
            *((e.slug, e.name) for e in elections),
        ]

    def apply(self, statements):
        self.is_valid()
        for name in ("kind", "verdict"):
            if self.cleaned_data.get(name):
                statements = statements.filter(**{name: self.cleaned_data[name]})
        if self.cleaned_data.get("election"):
            statements = statements.filter(election__slug=self.cleaned_data["election"])
        return statements


def statement_list(request):
    elections = list(Election.objects.filter(statements__isnull=False).distinct())
    form = StatementFilter(request.GET or None, elections=elections)
    listed = Statement.objects.select_related("election").prefetch_related(credits_in_order())
    statements = form.apply(listed) if form.is_bound else listed
    table = StatementTable(
        statements, caption=_("Statements and reactions"), export_name="statements"
    )
    RequestConfig(request, paginate=True).configure(table)
    download = export_response(request, table)
    if download:
        return download
    return render(
        request,
        "observers/statement_list.html",
        {
            "summary": _latest_assessments_summary(),
            "form": form,
            "table": table,
            "ignored": form.is_bound and bool(form.errors),
            **page_context(
                request, title=_("Observers and statements"), updated=_observers_updated()
            ),
        },
    )


# The index's opening sentence names at most this many assessments.
SUMMARY_ASSESSMENTS = 6


def _latest_assessments_summary() -> str:
    """Who assessed the latest election that has assessments, and their verdicts."""
    latest = list(
        Statement.objects.assessments()
        .select_related("election")
        .prefetch_related(credits_in_order())
        .order_by("-election__held_on", F("issued_on").asc(nulls_last=True), "title")[
            : SUMMARY_ASSESSMENTS + 1
        ]
    )
    shown = [s for s in latest if s.election_id == latest[0].election_id] if latest else []
    return summaries.observers_summary(
        [summaries.assessment_of(s) for s in shown[:SUMMARY_ASSESSMENTS]],
        more=len(shown) > SUMMARY_ASSESSMENTS,
    )


def _statement_as_of(slug, as_of):
    """A statement with its findings, members and credits as they stood at `as_of`."""
    statement = snapshot(Statement, as_of).get(slug=slug)
    prefetch_related_objects([statement], "election", "source", "figures")
    findings = list(snapshot(Finding, as_of).filter(statement_id=statement.pk))
    prefetch_related_objects(findings, "topic")
    findings.sort(key=lambda f: f.topic.position)
    attach([statement], "findings", findings, "statement")
    members = list(snapshot(MissionMember, as_of).filter(statement_id=statement.pk))
    members.sort(key=lambda m: (not m.is_head, m.position))
    attach([statement], "members", members, "statement")
    credits = list(snapshot(StatementOrganisation, as_of).filter(statement_id=statement.pk))
    prefetch_related_objects(credits, "organisation")
    credits.sort(key=lambda c: (c.role, c.position))
    attach([statement], "credits", credits, "statement")
    return statement


def statement_detail(request, slug):
    try:
        as_of = parse_as_of(request.GET.get("as_of"))
    except BadVersion:
        return bad_request(request, _("“as_of” must be a date such as 2024-05-01."))
    if as_of:
        try:
            statement = _statement_as_of(slug, as_of)
        except ObjectDoesNotExist as error:
            raise Http404 from error
    else:
        statement = get_by_slug(
            Statement.objects.with_credits().prefetch_related(
                "members",
                "figures",
                Prefetch("findings", queryset=Finding.objects.select_related("topic")),
            ),
            slug,
        )
    credits = list(statement.credits.all())
    updated = newest_change(
        history_until(Statement, as_of, id=statement.pk),
        history_until(Finding, as_of, statement_id=statement.pk),
        history_until(MissionMember, as_of, statement_id=statement.pk),
    )
    return render(
        request,
        "observers/statement_detail.html",
        {
            "statement": statement,
            "authors": [c.organisation for c in credits if c.role == "author"],
            "signatories": [c.organisation for c in credits if c.role == "signatory"],
            **page_context(
                request,
                title=statement.title,
                updated=updated,
                as_of=as_of,
                versioned=True,
                description=statement.summary,
            ),
        },
    )


def organisation_detail(request, slug):
    organisation = get_by_slug(
        Organisation.objects.select_related("party").prefetch_related("aliases"), slug
    )
    credits = (
        StatementOrganisation.objects.filter(organisation=organisation)
        .select_related("statement__election")
        .order_by("-statement__issued_on", "pk")
    )
    page = page_of(request, credits, 60)
    return render(
        request,
        "observers/organisation_detail.html",
        {
            "organisation": organisation,
            "credits": page,
            "page": page,
            **page_context(
                request,
                title=organisation.name,
                updated=newest_change(
                    history(Organisation, id=organisation.pk),
                    history(StatementOrganisation, organisation_id=organisation.pk),
                ),
            ),
        },
    )


def _findings_by_topic(statements):
    """{topic_id: {statement_id: finding}} from statements with prefetched findings."""
    cells = defaultdict(dict)
    for statement in statements:
        for finding in statement.findings.all():
            cells[finding.topic_id][statement.pk] = finding
    return cells


# The comparison's columns: the assessments of one election, at most this many.
MAX_COLUMNS = 8


def comparison(request):
    """Topics against the assessments of one election (?election=, else the latest)."""
    elections = list(
        Election.objects.filter(statements__kind__in=ASSESSMENT_KINDS)
        .distinct()
        .order_by("-held_on")
    )
    chosen = next((e for e in elections if e.slug == request.GET.get("election")), None)
    election = chosen or (elections[0] if elections else None)
    topics = list(Topic.objects.all())
    assessments = list(Statement.objects.assessments().filter(election=election)[:MAX_COLUMNS])
    governments = list(
        Statement.objects.filter(kind=Statement.Kind.GOVERNMENT_REACTION, election=election)
    )
    # Findings are placed by topic below: no order, no join to topics.
    prefetch_related_objects(
        [*assessments, *governments], Prefetch("findings", queryset=Finding.objects.order_by())
    )
    prefetch_related_objects(governments, credits_in_order())  # named in their cells
    main = _findings_by_topic(assessments)
    reactions = _findings_by_topic(governments)
    rows = [
        {
            "topic": topic,
            "cells": [(statement, main[topic.pk].get(statement.pk)) for statement in assessments],
            "governments": [
                reactions[topic.pk][g.pk] for g in governments if g.pk in reactions[topic.pk]
            ],
        }
        for topic in topics
    ]
    return render(
        request,
        "observers/comparison.html",
        {
            "columns": assessments,
            "rows": rows,
            "election": election,
            "elections": elections,
            **page_context(
                request, title=_("Who said what, topic by topic"), updated=_observers_updated()
            ),
        },
    )


def topic_detail(request, slug):
    topic = get_by_slug(Topic.objects.all(), slug)
    findings = (
        Finding.objects.filter(topic=topic)
        .select_related("statement__election")
        .prefetch_related(
            Prefetch(
                "statement__credits",
                queryset=StatementOrganisation.objects.select_related("organisation"),
            )
        )
        .order_by("statement__issued_on", "statement__title", "pk")
    )
    page = page_of(request, findings, 60)
    groups = _grouped(page, "stance", Finding.Stance.choices)
    return render(
        request,
        "observers/topic_detail.html",
        {
            "topic": topic,
            "groups": groups,
            "page": page,
            "topics": Topic.objects.all(),
            **page_context(request, title=topic.name, updated=_observers_updated()),
        },
    )


class ReactionFilter(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"),
        required=False,
        choices=[("", _("All verdicts")), *Statement.Verdict.choices],
    )
    kind = forms.ChoiceField(
        label=_("Who"),
        required=False,
        choices=[
            ("", _("Everyone")),
            *((k.value, k.label) for k in Statement.REACTION_KINDS),
        ],
    )


def reactions(request):
    form = ReactionFilter(request.GET or None)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    statements = (
        Statement.objects.select_related("election")
        .prefetch_related(credits_in_order(), "findings")
        .reactions()
    )
    for name in ("verdict", "kind"):
        if cleaned.get(name):
            statements = statements.filter(**{name: cleaned[name]})
    page = page_of(request, statements.order_by("verdict", "issued_on", "title", "pk"), 60)
    counts = dict(
        Statement.objects.reactions().values_list("verdict").annotate(Count("pk")).order_by()
    )
    groups = _grouped(page, "verdict", Statement.Verdict.choices)
    return render(
        request,
        "observers/reactions.html",
        {
            "summary": summaries.reactions_summary(counts),
            "form": form,
            "groups": groups,
            "page": page,
            "ignored": form.is_bound and bool(form.errors),
            **page_context(
                request, title=_("Reactions to the elections"), updated=_observers_updated()
            ),
        },
    )


def figures(request):
    by_subject = defaultdict(list)
    for figure in ReportedFigure.objects.select_related("source"):
        by_subject[figure.subject].append(figure)
    several = {s: f for s, f in by_subject.items() if len({x.source_id for x in f}) > 1}
    differ = {s: f for s, f in several.items() if len({(x.value, x.qualifier) for x in f}) > 1}
    return render(
        request,
        "observers/figures.html",
        {
            "differ": differ,
            "agree": {s: f for s, f in several.items() if s not in differ},
            "single": {s: f for s, f in by_subject.items() if s not in several},
            **page_context(
                request,
                title=_("Observer figures by source"),
                updated=newest_change(history(ReportedFigure)),
            ),
        },
    )

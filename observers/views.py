"""Observer pages. Each view runs a fixed number of queries (pinned in tests)."""

from collections import defaultdict
from datetime import date

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, F, Prefetch, prefetch_related_objects
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
from results.selectors import link_shared
from results.tables import export_response
from results.versions import (
    BadVersion,
    attach,
    history,
    page_context,
    parse_as_of,
    snapshot,
    version_updated,
)
from results.views import bad_version, page_of, version_missing

ASSESSMENT_KINDS = [kind for kind in Statement.Kind.values if kind not in Statement.REACTION_KINDS]


def _grouped(items, attribute, choices):
    """[(value, label, items)] in the order of `choices`, leaving out empty groups."""
    by_value = defaultdict(list)
    for item in items:
        by_value[getattr(item, attribute)].append(item)
    return [(value, label, by_value[value]) for value, label in choices if by_value[value]]


def _observers_history():
    return (history(Statement), history(Finding), history(StatementOrganisation))


def _parse_as_of(request):
    """(as_of, None), or (None, the 400 response) for a value that is not a date."""
    try:
        return parse_as_of(request.GET.get("as_of")), None
    except BadVersion:
        return None, bad_version(request)


def _statements_as_of(as_of, **filters) -> list[Statement]:
    """Statements as they stood at `as_of`, each with its election, its credits (authors then
    signatories, with organisations) and its findings (in topic order), in Statement's order.
    """
    statements = list(snapshot(Statement, as_of).filter(**filters).order_by())
    ids = [statement.pk for statement in statements]
    link_shared(statements, Election, "election")
    credits = list(snapshot(StatementOrganisation, as_of).filter(statement_id__in=ids).order_by())
    link_shared(credits, Organisation, "organisation")
    credits.sort(key=lambda c: (c.role, c.position))
    attach(statements, "credits", credits, "statement")
    findings = list(snapshot(Finding, as_of).filter(statement_id__in=ids).order_by())
    link_shared(findings, Topic, "topic")
    findings.sort(key=lambda f: f.topic.position)
    attach(statements, "findings", findings, "statement")
    statements.sort(key=_statement_order)
    return statements


def _statement_order(statement):
    """Statement.Meta's ordering in Python: dated first, then by title."""
    return (statement.issued_on is None, statement.issued_on or date.min, statement.title)


# The index's "Kind" filter: groups first, so that each option finds what its name promises
# (a mission is a mission whether it assessed the run-up or observed polling day).
KIND_GROUPS = {
    "assessments": ASSESSMENT_KINDS,
    # Under the observation-mission kind's own value, so that older links find every mission.
    Statement.Kind.OBSERVATION_MISSION: [
        Statement.Kind.OBSERVATION_MISSION,
        Statement.Kind.PRE_ELECTION_ASSESSMENT,
    ],
    "reactions": list(Statement.REACTION_KINDS),
}
KIND_CHOICES = [
    ("", _("Any kind")),
    (
        _("Observer assessments"),
        [
            ("assessments", _("All observer assessments")),
            (Statement.Kind.OBSERVATION_MISSION, _("Observation and assessment missions")),
            (Statement.Kind.JOINT_STATEMENT, Statement.Kind.JOINT_STATEMENT.label),
        ],
    ),
    (
        _("Reactions"),
        [
            ("reactions", _("All reactions")),
            *((k.value, k.label) for k in Statement.REACTION_KINDS),
        ],
    ),
]


class StatementFilter(forms.Form):
    """The index's filters. A value that is not one of the choices is ignored, not an error."""

    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=KIND_CHOICES)
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
        kind = self.cleaned_data.get("kind")
        if kind:
            statements = statements.filter(kind__in=KIND_GROUPS.get(kind, [kind]))
        if self.cleaned_data.get("verdict"):
            statements = statements.filter(verdict=self.cleaned_data["verdict"])
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
                request,
                title=_("Observers and statements"),
                updated=newest_change(*_observers_history()),
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


def _statement_history(pk: int):
    return (
        history(Statement, id=pk),
        history(Finding, statement_id=pk),
        history(MissionMember, statement_id=pk),
    )


def statement_detail(request, slug):
    try:
        as_of = parse_as_of(request.GET.get("as_of"))
    except BadVersion:
        return bad_version(request)
    if as_of:
        try:
            statement = _statement_as_of(slug, as_of)
        except ObjectDoesNotExist:
            current = get_by_slug(Statement.objects.all(), slug)
            return version_missing(request, as_of, *_statement_history(current.pk))
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
    updated, is_current = version_updated(as_of, *_statement_history(statement.pk))
    return render(
        request,
        "observers/statement_detail.html",
        {
            "statement": statement,
            "authors": [c for c in credits if c.role == "author"],
            "signatories": [c for c in credits if c.role == "signatory"],
            **page_context(
                request,
                title=statement.title,
                updated=updated,
                as_of=as_of,
                as_of_is_current=is_current,
                versioned=True,
                description=statement.summary,
            ),
        },
    )


def organisation_detail(request, slug):
    as_of, refused = _parse_as_of(request)
    if refused:
        return refused
    if as_of:
        try:
            organisation = snapshot(Organisation, as_of).get(slug=slug)
        except ObjectDoesNotExist:
            current = get_by_slug(Organisation.objects.all(), slug)
            return version_missing(request, as_of, history(Organisation, id=current.pk))
        prefetch_related_objects([organisation], "party", "aliases")
        credits = list(
            snapshot(StatementOrganisation, as_of).filter(organisation_id=organisation.pk)
        )
        statements = {
            s.pk: s for s in _statements_as_of(as_of, id__in=[c.statement_id for c in credits])
        }
        for credit in credits:
            credit.statement, credit.organisation = statements[credit.statement_id], organisation
        # Newest first, undated last, as "-statement__issued_on", "pk" orders them.
        credits.sort(
            key=lambda c: (
                (c.statement.issued_on is not None, c.statement.issued_on, -c.pk)
                if c.statement.issued_on
                else (False, date.min, -c.pk)
            ),
            reverse=True,
        )
    else:
        organisation = get_by_slug(
            Organisation.objects.select_related("party").prefetch_related("aliases"), slug
        )
        credits = (
            StatementOrganisation.objects.filter(organisation=organisation)
            .select_related("statement__election")
            .order_by(F("statement__issued_on").desc(nulls_last=True), "pk")
        )
    page = page_of(request, credits, 60)
    updated, is_current = version_updated(
        as_of,
        history(Organisation, id=organisation.pk),
        history(StatementOrganisation, organisation_id=organisation.pk),
        # The titles and dates of the statements it is credited with.
        history(
            Statement,
            id__in=StatementOrganisation.objects.filter(organisation_id=organisation.pk).values(
                "statement_id"
            ),
        ),
    )
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
                updated=updated,
                as_of=as_of,
                as_of_is_current=is_current,
                versioned=True,
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
    as_of, refused = _parse_as_of(request)
    if refused:
        return refused
    updated, is_current = version_updated(as_of, *_observers_history(), history(Topic))
    if as_of and updated is None:
        return version_missing(request, as_of, *_observers_history())
    elections = list(
        Election.objects.filter(statements__kind__in=ASSESSMENT_KINDS)
        .distinct()
        .order_by("-held_on")
    )
    chosen = next((e for e in elections if e.slug == request.GET.get("election")), None)
    election = chosen or (elections[0] if elections else None)
    if as_of:
        topics = sorted(snapshot(Topic, as_of), key=lambda t: t.position)
        statements = _statements_as_of(as_of, election_id=election.pk) if election else []
        assessments = [s for s in statements if not s.is_reaction][:MAX_COLUMNS]
        governments = [s for s in statements if s.kind == Statement.Kind.GOVERNMENT_REACTION]
    else:
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
                request,
                title=_("Who said what, topic by topic"),
                updated=updated,
                as_of=as_of,
                as_of_is_current=is_current,
                versioned=True,
            ),
        },
    )


def topic_detail(request, slug):
    as_of, refused = _parse_as_of(request)
    if refused:
        return refused
    if as_of:
        try:
            topic = snapshot(Topic, as_of).get(slug=slug)
        except ObjectDoesNotExist:
            current = get_by_slug(Topic.objects.all(), slug)
            return version_missing(request, as_of, history(Topic, id=current.pk))
        findings = [
            finding
            for statement in _statements_as_of(as_of)
            for finding in statement.findings.all()
            if finding.topic_id == topic.pk
        ]
        topics = sorted(snapshot(Topic, as_of), key=lambda t: t.position)
    else:
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
            .order_by(F("statement__issued_on").asc(nulls_last=True), "statement__title", "pk")
        )
        topics = Topic.objects.all()
    page = page_of(request, findings, 60)
    groups = _grouped(page, "stance", Finding.Stance.choices)
    updated, is_current = version_updated(
        as_of, history(Topic, id=topic.pk), history(Finding, topic_id=topic.pk), history(Statement)
    )
    return render(
        request,
        "observers/topic_detail.html",
        {
            "topic": topic,
            "groups": groups,
            "page": page,
            "topics": topics,
            **page_context(
                request,
                title=topic.name,
                updated=updated,
                as_of=as_of,
                as_of_is_current=is_current,
                versioned=True,
            ),
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
    as_of, refused = _parse_as_of(request)
    if refused:
        return refused
    updated, is_current = version_updated(as_of, *_observers_history())
    if as_of and updated is None:
        return version_missing(request, as_of, *_observers_history())
    form = ReactionFilter(request.GET or None)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    chosen = {name: cleaned[name] for name in ("verdict", "kind") if cleaned.get(name)}
    if as_of:
        statements = _statements_as_of(as_of, kind__in=Statement.REACTION_KINDS, **chosen)
        statements.sort(key=lambda s: (s.verdict, *_statement_order(s), s.pk))
    else:
        statements = (
            Statement.objects.select_related("election")
            .prefetch_related(credits_in_order(), "findings")
            .reactions()
            .filter(**chosen)
            .order_by("verdict", F("issued_on").asc(nulls_last=True), "title", "pk")
        )
    page = page_of(request, statements, 60)
    counts = dict(
        Statement.objects.reactions().values_list("verdict").annotate(Count("pk")).order_by()
    )
    groups = _grouped(page, "verdict", Statement.Verdict.choices)
    return render(
        request,
        "observers/reactions.html",
        {
            "summary": summaries.reactions_summary(counts),
            "usual_election": summaries.usual_election(page),
            "form": form,
            "groups": groups,
            "page": page,
            "ignored": form.is_bound and bool(form.errors),
            **page_context(
                request,
                title=_("Reactions to the elections"),
                updated=updated,
                as_of=as_of,
                as_of_is_current=is_current,
                versioned=True,
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

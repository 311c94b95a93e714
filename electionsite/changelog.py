"""The public change log: every change to the public data, newest first, from history.

Both apps' records are read from django-simple-history's tables. A page of the log costs
three queries however many records and kinds of record it shows: the count, the page's
rows (one UNION over every history table), and their values with the values just before
(one UNION over the history tables that page names, each row's previous version read by a
correlated subquery).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat, JSONObject
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from observers import models as observers
from results import models as results
from results.versions import history

# A page of changes stays within the pages' size budget (tests/test_maps.py), in Khmer too.
PER_PAGE = 20

# How a related record is named in the log (the first of these fields it has).
_LABEL_FIELDS = ("name", "title", "candidate", "number", "key")


@dataclass(frozen=True)
class Tracked:
    """A kind of record in the log: how to name one, and which public page shows it."""

    model: type[models.Model]
    title: tuple[str, ...]
    url_name: str
    url_args: tuple[str, ...] = ()
    # The page whose history includes these rows, and the path to that page's record.
    page_kind: str = ""
    page_owner: str = ""


_election_timeline = ("results:election_timeline", ("election__slug",), "election", "election_id")

TRACKED: tuple[Tracked, ...] = (
    Tracked(results.Source, ("title",), "results:source_list"),
    Tracked(results.Election, ("name",), "results:election_detail", ("slug",), "election", "id"),
    Tracked(
        results.Constituency,
        ("name", "election__name"),
        "results:constituency_detail",
        ("election__slug", "slug"),
        "constituency",
        "id",
    ),
    Tracked(
        results.ConstituencyResult,
        ("party__name", "constituency__name", "constituency__election__name"),
        "results:constituency_detail",
        ("constituency__election__slug", "constituency__slug"),
        "constituency",
        "constituency_id",
    ),
    Tracked(
        results.NationalResult,
        ("party__name", "election__name", "section"),
        "results:election_detail",
        ("election__slug",),
        "election",
        "election_id",
    ),
    Tracked(
        results.BallotCount,
        ("election__name", "constituency__name", "section"),
        "results:election_detail",
        ("election__slug",),
        "election",
        "election_id",
    ),
    Tracked(
        results.Registration,
        ("party__name", "election__name"),
        "results:election_parties",
        ("election__slug",),
        "election",
        "election_id",
    ),
    Tracked(results.Party, ("name",), "results:party_detail", ("slug",), "party", "id"),
    Tracked(
        results.PartyAlias,
        ("name", "party__name"),
        "results:party_detail",
        ("party__slug",),
        "party",
        "party_id",
    ),
    Tracked(results.Province, ("name",), "results:province_detail", ("slug",), "province", "id"),
    Tracked(
        results.ProvinceAlias,
        ("name", "province__name"),
        "results:province_detail",
        ("province__slug",),
        "province",
        "province_id",
    ),
    Tracked(results.ScheduleEntry, ("description", "election__name"), *_election_timeline),
    Tracked(results.Investiture, ("candidate", "election__name"), *_election_timeline),
    Tracked(
        results.InvestitureTally,
        ("choice", "party__name", "investiture__candidate"),
        "results:election_timeline",
        ("investiture__election__slug",),
        "election",
        "investiture__election_id",
    ),
    Tracked(results.Debate, ("number", "election__name"), *_election_timeline),
    Tracked(
        results.DebateParticipation,
        ("party__name", "debate__number", "debate__election__name"),
        "results:election_timeline",
        ("debate__election__slug",),
        "election",
        "debate__election_id",
    ),
    Tracked(results.Incident, ("place", "election__name"), *_election_timeline),
    Tracked(results.Event, ("title",), *_election_timeline),
    Tracked(results.RegisteredVoterCount, ("year",), "results:registered_voters"),
    Tracked(observers.Topic, ("name",), "observers:topic_detail", ("slug",), "topic", "id"),
    Tracked(
        observers.Organisation,
        ("name",),
        "observers:organisation_detail",
        ("slug",),
        "organisation",
        "id",
    ),
    Tracked(
        observers.OrganisationAlias,
        ("name", "organisation__name"),
        "observers:organisation_detail",
        ("organisation__slug",),
        "organisation",
        "organisation_id",
    ),
    Tracked(
        observers.Statement, ("title",), "observers:statement_detail", ("slug",), "statement", "id"
    ),
    Tracked(
        observers.StatementOrganisation,
        ("organisation__name", "statement__title"),
        "observers:statement_detail",
        ("statement__slug",),
        "statement",
        "statement_id",
    ),
    Tracked(
        observers.MissionMember,
        ("name", "statement__title"),
        "observers:statement_detail",
        ("statement__slug",),
        "statement",
        "statement_id",
    ),
    Tracked(
        observers.Finding,
        ("topic__name", "statement__title"),
        "observers:statement_detail",
        ("statement__slug",),
        "statement",
        "statement_id",
    ),
    Tracked(
        observers.ReportedFigure,
        ("subject", "label"),
        "observers:figures",
        (),
        "statement",
        "statement_id",
    ),
)

# The public pages that link to their own history: /changes/<kind>/<id>/.
PAGE_KINDS: dict[str, type[models.Model]] = {
    "election": results.Election,
    "constituency": results.Constituency,
    "party": results.Party,
    "province": results.Province,
    "topic": observers.Topic,
    "organisation": observers.Organisation,
    "statement": observers.Statement,
}

ACTIONS = {"+": _("added"), "~": _("changed"), "-": _("deleted")}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str
    # The language of a translated field's column in another language than the page's
    # ("km" for `name_km` on an English page): its values are marked with it.
    language: str = ""


@dataclass(frozen=True)
class Change:
    key: str
    when: datetime
    kind: str
    title: str
    action: str
    reason: str
    editor: str
    url: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class ChangeLogPage:
    heading: str
    record_url: str
    page: Page
    changes: tuple[Change, ...]


def _text(path: str) -> models.Expression:
    return Coalesce(Cast(F(path), CharField()), Value(""))


def _title(tracked: Tracked) -> models.Expression:
    parts: list[models.Expression] = []
    for path in tracked.title:
        if parts:
            parts.append(Value(" · "))
        parts.append(_text(path))
    return Concat(*parts, output_field=CharField()) if len(parts) > 1 else parts[0]


def _value_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields a change shows. A translated field is shown as its languages' columns
    (`label [en]`, `label [km]`), not also as the plain one that repeats the English."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    names = {f.name for f in fields}
    english = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return [f for f in fields if f"{f.name}_{english}" not in names]


def _values_json(model: type[models.Model]) -> JSONObject:
    """A record's values; a related record by its name, as readers know it."""
    values = {}
    for field in _value_fields(model):
        if field.is_relation:
            label = next(
                (n for n in _LABEL_FIELDS if hasattr(field.related_model, n)),
                field.related_model._meta.pk.name,
            )
            values[field.name] = _text(f"{field.name}__{label}")
        else:
            values[field.name] = F(field.name)
    return JSONObject(**values)


def _page_rows(index: int, tracked: Tracked, owner_pk: int | None) -> models.QuerySet:
    rows = history(tracked.model).order_by()
    if owner_pk is not None:
        rows = rows.filter(**{tracked.page_owner: owner_pk})
    args = [_text(path) for path in tracked.url_args] + [Value("")] * (2 - len(tracked.url_args))
    return rows.values(
        "history_id",
        "history_date",
        "history_type",
        "history_change_reason",
        "history_user__username",
        log_kind=Value(index),
        log_title=_title(tracked),
        log_arg1=args[0],
        log_arg2=args[1],
    )


def _tracked_for(page_kind: str | None) -> list[tuple[int, Tracked]]:
    return [
        (index, tracked)
        for index, tracked in enumerate(TRACKED)
        if page_kind is None or tracked.page_kind == page_kind
    ]


def _values_with_previous(page_rows: list[dict]) -> dict[tuple[int, int], tuple[dict, dict]]:
    ids_by_kind: dict[int, list[int]] = {}
    for row in page_rows:
        ids_by_kind.setdefault(row["log_kind"], []).append(row["history_id"])
    branches = []
    for index, ids in ids_by_kind.items():
        rows = history(TRACKED[index].model)
        values = _values_json(TRACKED[index].model)
        previous = (
            rows.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
            .order_by("-history_id")
            .values(log_data=values)[:1]
        )
        branches.append(
            rows.filter(history_id__in=ids)
            .order_by()
            .values(
                "history_id",
                log_kind=Value(index),
                log_data=values,
                log_previous=Subquery(previous),
            )
        )
    if not branches:
        return {}
    union = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
    return {
        (row["log_kind"], row["history_id"]): (
            _decoded(row["log_previous"]),
            _decoded(row["log_data"]),
        )
        for row in union
    }


def _decoded(value) -> dict:
    return json.loads(value) if isinstance(value, str) else (value or {})


def _display(field: models.Field, value) -> str:
    if value in (None, ""):
        return ""
    if field.is_relation:
        return str(value)
    if isinstance(field, models.BooleanField):
        return str(_("yes")) if value in (True, 1, "1", "true") else str(_("no"))
    if isinstance(field, models.DecimalField):
        return str(Decimal(str(value)).quantize(Decimal(1).scaleb(-field.decimal_places)))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _field_changes(model, action: str, previous: dict, current: dict) -> tuple[FieldChange, ...]:
    changes = []
    page_language = get_language() or settings.LANGUAGE_CODE
    for field in _value_fields(model):
        old = "" if action == "+" else _display(field, previous.get(field.name))
        new = "" if action == "-" else _display(field, current.get(field.name))
        if old != new:
            # A translation field (modeltranslation's `name_km`) knows its language.
            language = getattr(field, "language", "") or ""
            if language == page_language:
                language = ""
            changes.append(FieldChange(str(field.verbose_name), old, new, language))
    return tuple(changes)


def _editor(username: str | None) -> str:
    if not username:
        return str(_("the data files"))
    if settings.CHANGE_LOG_SHOWS_USERNAMES:
        return username
    return str(_("an editor"))


def _url(tracked: Tracked, row: dict) -> str:
    args = [row["log_arg1"], row["log_arg2"]][: len(tracked.url_args)]
    if row["history_type"] == "-" and tracked.page_owner == "id":
        return ""  # the record's own page went with it
    if not all(args):
        return ""
    try:
        return reverse(tracked.url_name, args=args)
    except NoReverseMatch:
        return ""


def change_log_page(
    page_number: str | None = None, *, page_kind: str | None = None, owner_pk: int | None = None
) -> ChangeLogPage:
    """One page of the change log: everything, or the changes one public page shows.

    Raises the model's DoesNotExist for an unknown record.
    """
    heading, record_url = str(_("Change log")), ""
    if page_kind is not None:
        owner = _owner(page_kind, owner_pk)
        heading = str(_("Changes to %(record)s") % {"record": owner})
        record_url = owner.get_absolute_url()
    branches = [_page_rows(index, tracked, owner_pk) for index, tracked in _tracked_for(page_kind)]
    union = branches[0].union(*branches[1:], all=True).order_by("-history_date", "-history_id")
    page = Paginator(union, PER_PAGE).get_page(page_number)
    rows = list(page.object_list)
    values = _values_with_previous(rows)
    changes = []
    for row in rows:
        tracked = TRACKED[row["log_kind"]]
        previous, current = values.get((row["log_kind"], row["history_id"]), ({}, {}))
        changes.append(
            Change(
                key=f"{tracked.model._meta.label_lower}-{row['history_id']}",
                # Whole seconds: HTML's datetime attribute takes at most three decimals.
                when=row["history_date"].replace(microsecond=0),
                kind=str(tracked.model._meta.verbose_name),
                title=row["log_title"],
                action=str(ACTIONS.get(row["history_type"], "")),
                reason=row["history_change_reason"] or "",
                editor=_editor(row["history_user__username"]),
                url=_url(tracked, row),
                changes=_field_changes(tracked.model, row["history_type"], previous, current),
            )
        )
    return ChangeLogPage(heading, record_url, page, tuple(changes))


def _owner(page_kind: str, pk: int | None) -> models.Model:
    model = PAGE_KINDS[page_kind]
    records = model._default_manager.all()
    if model is results.Constituency:
        records = records.select_related("election")
    return records.get(pk=pk)

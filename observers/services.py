"""Loading the reviewed observer data files in `observers/data/` (same rules as results)."""

from __future__ import annotations

from pathlib import Path

from django.db.models import Q

from observers import models as m
from results.services import (
    SOURCED,
    DataFile,
    data_files_load,
    one_match,
    resolve_election,
    resolve_party,
    sync_aliases,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


def resolve_organisation(value: str, row: dict) -> m.Organisation:
    matches = m.Organisation.objects.filter(
        Q(slug=value) | Q(name__iexact=value) | Q(aliases__name__iexact=value)
    ).distinct()
    return one_match(matches, "organisation", value)


def resolve_statement(value: str, row: dict) -> m.Statement:
    return one_match(m.Statement.objects.filter(slug=value), "statement", value)


def resolve_topic(value: str, row: dict) -> m.Topic:
    return one_match(m.Topic.objects.filter(slug=value), "topic", value)


DATA_FILES: tuple[DataFile, ...] = (
    DataFile("topics.csv", m.Topic, ("slug",)),
    DataFile(
        "organisations.csv",
        m.Organisation,
        ("slug",),
        {"party": resolve_party},
        lists={"aliases": sync_aliases(m.OrganisationAlias, "organisation")},
    ),
    DataFile("statements.csv", m.Statement, ("slug",), {"election": resolve_election, **SOURCED}),
    DataFile(
        "statement_organisations.csv",
        m.StatementOrganisation,
        ("statement", "organisation"),
        {"statement": resolve_statement, "organisation": resolve_organisation},
    ),
    DataFile(
        "mission_members.csv",
        m.MissionMember,
        ("statement", "name"),
        {"statement": resolve_statement},
    ),
    DataFile(
        "findings.csv",
        m.Finding,
        ("statement", "topic"),
        {"statement": resolve_statement, "topic": resolve_topic},
    ),
    DataFile(
        "reported_figures.csv",
        m.ReportedFigure,
        ("subject", "source", "section", "label"),
        {"statement": resolve_statement, **SOURCED},
    ),
)


def observer_data_load(*, data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Load the observers app's data files, all or nothing (results must be loaded first)."""
    return data_files_load(DATA_FILES, data_dir)

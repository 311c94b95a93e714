"""The Frictionless Tabular Data Package: the loaders' own files, described, plus two tidy
tables (ballots and results) keyed on identifiers other data sets use.

Every resource has a Table Schema built from the model behind it (types, descriptions,
primary and foreign keys), so a column added to a data file without a model field, or a
field of the wrong type, fails `frictionless validate` in the tests.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import models

from observers import services as observer_data
from results import services as results_data
from results.identifiers import COUNTRY_DIVISION
from results.models import Constituency, ConstituencyResult, Source

LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
APPS = (("results", results_data), ("observers", observer_data))
# The resolvers that take exactly one other file's key, so that a foreign key holds.
EXACT_REFERENCES = {
    "resolve_source": ("sources", "key"),
    "resolve_election": ("elections", "slug"),
    "resolve_statement": ("statements", "slug"),
    "resolve_topic": ("topics", "slug"),
}
NAME_REFERENCES = {
    "resolve_party": "A party's name, or one of its spellings in parties.csv (aliases).",
    "resolve_province": "A province's name, or one of its spellings in provinces.csv.",
    "resolve_constituency": "A constituency of the row's election, by slug or name.",
    "resolve_organisation": "An organisation's slug, name or recorded spelling.",
    "resolve_investiture": "The election (slug) whose confidence vote this is.",
    "resolve_debate": "The debate's number in its election.",
}
LISTS = {
    "aliases": "Other spellings of the name, separated by '; '.",
    "provinces": "The provinces of the constituency, by name or spelling, separated by '; '.",
}
UNITS = {"votes": "votes", "percent": "per cent", "seats": "seats"}


def _field_type(field: models.Field) -> dict:
    if isinstance(field, models.BooleanField):
        return {"type": "boolean", "trueValues": ["yes"], "falseValues": ["no"]}
    if isinstance(field, models.DecimalField | models.FloatField):
        return {"type": "number"}
    if isinstance(field, models.IntegerField):
        return {"type": "integer"}
    if isinstance(field, models.DateTimeField):
        return {"type": "datetime"}
    if isinstance(field, models.DateField):
        return {"type": "date"}
    if isinstance(field, models.TimeField):
        return {"type": "time", "format": "%H:%M"}
    return {"type": "string"}


def _describe(spec, column: str) -> dict:
    model = spec.model
    descriptor: dict = {"name": column}
    resolver = spec.resolvers.get(column)
    if column in spec.lists:
        return {**descriptor, "type": "string", "description": LISTS.get(column, "A list.")}
    if resolver is not None:
        name = resolver.__name__
        if name in EXACT_REFERENCES:
            table, key = EXACT_REFERENCES[name]
            text = f"The {key} of a row of {table}.csv."
        else:
            text = NAME_REFERENCES.get(name, "A reference to another record.")
        return {**descriptor, "type": "string", "description": text}
    try:
        field = model._meta.get_field(column)
    except Exception:  # a context column that only helps resolve others
        return {**descriptor, "type": "string", "description": "Helps find the row's record."}
    translated = results_data.translated_fields(model)
    if column in results_data.other_language_columns(model):
        base = next(name for name, columns in translated.items() if column in columns.values())
        return {
            **descriptor,
            "type": "string",
            "description": f"The {base} column in Khmer, in the same record; empty where not "
            f"yet translated (readers are then shown the English in {base}).",
        }
    text = str(field.help_text or field.verbose_name).strip().rstrip(".") + "."
    if column in translated:
        text = f"{text} In English; its Khmer is in {column}_km."
    if column in UNITS:
        text = f"{text} Unit: {UNITS[column]}."
    if field.null:
        text = f"{text} Empty where the source gives none."
    descriptor.update(_field_type(field), description=text[0].upper() + text[1:])
    if isinstance(field, models.BooleanField):
        descriptor["description"] += " 'yes', or empty for no."
    elif not (field.null or field.blank) and not field.is_relation:
        descriptor["constraints"] = {"required": True}
    return descriptor


def _columns(template: Path) -> list[str]:
    with template.open(newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle))


def _primary_key(spec, columns: list[str]) -> list[str]:
    """The loader's natural key, scoped by election, when none of it may be empty."""
    key = list(spec.key)
    if "election" in columns and "election" not in key and "election" in spec.resolvers:
        key.insert(0, "election")
    for column in key:
        try:
            field = spec.model._meta.get_field(column)
        except Exception:
            return []
        if field.null or field.blank:
            return []
    return key


def _foreign_keys(spec, columns: list[str]) -> list[dict]:
    keys = []
    for column in columns:
        resolver = spec.resolvers.get(column)
        if resolver is not None and resolver.__name__ in EXACT_REFERENCES:
            table, key = EXACT_REFERENCES[resolver.__name__]
            keys.append({"fields": column, "reference": {"resource": table, "fields": key}})
    return keys


def loader_resources() -> Iterator[dict]:
    for app, module in APPS:
        for spec in module.DATA_FILES:
            columns = _columns(module.DATA_DIR / spec.filename)
            schema: dict = {
                "fields": [_describe(spec, column) for column in columns],
                "missingValues": [""],
            }
            if key := _primary_key(spec, columns):
                schema["primaryKey"] = key
            if keys := _foreign_keys(spec, columns):
                schema["foreignKeys"] = keys
            yield {
                "name": spec.filename.removesuffix(".csv"),
                "path": f"{app}/{spec.filename}",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": spec.model._meta.verbose_name_plural.capitalize(),
                "schema": schema,
            }


# The tidy tables ------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    schema: dict
    read: Callable[[], list[dict]]  # the rows, read only when a download asks for them

    def rows(self) -> list[dict]:
        return self.read()

    def csv_text(self) -> str:
        out = io.StringIO()
        names = [field["name"] for field in self.schema["fields"]]
        writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        for row in self.rows():
            writer.writerow({name: "" if row[name] is None else row[name] for name in names})
        return out.getvalue()


def _string(name: str, description: str, **extra) -> dict:
    return {"name": name, "type": "string", "description": description, **extra}


def _ballot_rows() -> list[dict]:
    constituencies = Constituency.objects.select_related("election", "source").prefetch_related(
        "provinces"
    )
    rows = []
    for constituency in constituencies.order_by("election__held_on", "identifier"):
        provinces = list(constituency.provinces.all())
        single = len(provinces) == 1 and constituency.election.is_province_based
        rows.append(
            {
                "ballot_id": constituency.identifier,
                "election_id": constituency.election.identifier,
                "division_id": constituency.division_id,
                "province_iso_code": provinces[0].iso_code if single else None,
                "province_iso_codes": "; ".join(p.iso_code for p in provinces),
                "name": constituency.name,
                "seats": constituency.seats,
                "source": constituency.source.key,
                "section": constituency.section,
            }
        )
    return rows


def ballots_table() -> Table:
    schema = {
        "fields": [
            _string("ballot_id", "The ballot: one election in one constituency."),
            _string("election_id", "The election, such as na.2023-07-23."),
            _string("division_id", "The area voting, as an ocd-division identifier."),
            _string("province_iso_code", "ISO 3166-2 code where the area is one province."),
            _string("province_iso_codes", "ISO 3166-2 codes of its provinces, '; '-separated."),
            _string("name", "The constituency's name on this site."),
            {"name": "seats", "type": "integer", "description": "Seats it elects (seats)."},
            _string("source", "The key of the source document (sources.csv)."),
            _string("section", "Where in the source."),
        ],
        "missingValues": [""],
        "primaryKey": ["ballot_id"],
        "foreignKeys": [
            {
                "fields": "province_iso_code",
                "reference": {"resource": "provinces", "fields": "iso_code"},
            },
            {"fields": "source", "reference": {"resource": "sources", "fields": "key"}},
        ],
    }
    return Table(
        "ballots",
        "Ballots",
        f"Each election in each constituency, with its identifiers ({COUNTRY_DIVISION}/...).",
        schema,
        _ballot_rows,
    )


def _result_rows() -> list[dict]:
    results = ConstituencyResult.objects.select_related("constituency", "party", "source")
    return [
        {
            "ballot_id": result.constituency.identifier,
            "party": result.party.slug,
            "votes": result.votes,
            "percent": result.percent,
            "seats": result.seats,
            "source": result.source.key,
            "section": result.section,
        }
        for result in results.order_by("constituency__identifier", "party__slug", "source__key")
    ]


def results_table() -> Table:
    schema = {
        "fields": [
            _string("ballot_id", "The ballot (ballots.csv)."),
            _string("party", "The party's slug (parties.csv)."),
            {"name": "votes", "type": "integer", "description": "Votes (empty: not reported)."},
            {"name": "percent", "type": "number", "description": "Vote share, per cent."},
            {"name": "seats", "type": "integer", "description": "Seats won (empty: not reported)."},
            _string("source", "The key of the source document (sources.csv)."),
            _string("section", "Where in the source."),
        ],
        "missingValues": [""],
        "primaryKey": ["ballot_id", "party", "source", "section"],
        "foreignKeys": [
            {"fields": "ballot_id", "reference": {"resource": "ballots", "fields": "ballot_id"}},
            {"fields": "party", "reference": {"resource": "parties", "fields": "slug"}},
            {"fields": "source", "reference": {"resource": "sources", "fields": "key"}},
        ],
    }
    return Table(
        "results",
        "Results by ballot",
        "Votes and seats of each party on each ballot, one row per source that gives them.",
        schema,
        _result_rows,
    )


def tidy_tables() -> tuple[Table, ...]:
    return (ballots_table(), results_table())


def descriptor(*, version: str, last_changed: str, site_url: str) -> dict:
    """datapackage.json for the ZIP's layout: results/, observers/, tables/."""
    resources = list(loader_resources())
    for table in tidy_tables():
        resources.append(
            {
                "name": table.name,
                "path": f"tables/{table.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": table.title,
                "description": table.description,
                "schema": table.schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "cambodia-elections",
        "title": f"{settings.SITE_NAME}: Cambodia's 2023 and 2024 elections",
        "description": (
            "Results, parties, schedules, turnout and observer statements of Cambodia's July "
            "2023 National Assembly election, February 2024 Senate election and April 2023 "
            "communal by-elections. Every figure carries the key of its source document and "
            "the section it comes from; a figure no source gives is empty."
        ),
        "version": version,
        "created": last_changed,
        "homepage": f"{site_url}/data/",
        "licenses": [LICENCE],
        "sources": [
            {"title": source.title, "path": f"{site_url}/sources/#source-{source.key}"}
            for source in Source.objects.order_by("key")
        ],
        "keywords": ["Cambodia", "elections", "National Assembly", "Senate", "observers"],
        "resources": resources,
    }


def version_of(moment: datetime) -> str:
    """A data version is the time of the change that made it: 20261130T041522Z."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def data_version() -> tuple[str, str]:
    """(version, last change as ISO time), from the newest history record."""
    from electionsite.opendata.changes import versions_by_day

    newest = versions_by_day(limit=1)
    if not newest:
        return "unreleased", ""
    return newest[0].version, moment_of(newest[0].version)


def moment_of(version: str) -> str:
    """The ISO time a data version stands for."""
    return datetime.strptime(version, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).isoformat()

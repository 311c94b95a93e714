"""Loading the reviewed data files in `results/data/` into the database.

Each CSV file holds one kind of record. A row is matched to an existing record by its
natural key, so loading twice updates rather than duplicates. Every row is validated with
`full_clean()` (the same rules the admin applies) and the whole load runs in one
transaction: one bad row stops it with a message naming the file, the row and the problem,
and the database is left as it was.
"""

from __future__ import annotations

import csv
import io
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.signals import post_save
from django.utils import translation
from modeltranslation.translator import NotRegistered, translator

from results import models as m
from results.formulas import neutralise_formula, restore_formula

DATA_DIR = Path(__file__).resolve().parent / "data"


class DataFileError(Exception):
    """A data file cannot be loaded; the message says where and why."""


class LookupFailed(Exception):
    pass


def one_match(queryset: models.QuerySet, what: str, value: str):
    matches = list(queryset[:2])
    if not matches:
        raise LookupFailed(f"no {what} called {value!r}")
    if len(matches) > 1:
        raise LookupFailed(f"{value!r} matches more than one {what}")
    return matches[0]


def resolve_source(value: str, row: dict) -> m.Source:
    return one_match(m.Source.objects.filter(key=value), "source", value)


def resolve_election(value: str, row: dict) -> m.Election:
    return one_match(m.Election.objects.filter(slug=value), "election", value)


def resolve_party(value: str, row: dict) -> m.Party:
    return one_match(m.Party.objects.matching(value), "party", value)


def resolve_province(value: str, row: dict) -> m.Province:
    return one_match(m.Province.objects.matching(value), "province", value)


def resolve_constituency(value: str, row: dict) -> m.Constituency:
    election = row["election"]
    return one_match(
        m.Constituency.objects.matching(election, value), f"constituency in {election}", value
    )


def resolve_investiture(value: str, row: dict) -> m.Investiture:
    return one_match(m.Investiture.objects.filter(election__slug=value), "investiture for", value)


def resolve_debate(value: str, row: dict) -> m.Debate:
    if not value.isdigit():
        raise LookupFailed(f"debate number {value!r} is not a number")
    return one_match(
        m.Debate.objects.filter(election=row["election"], number=value), "debate", value
    )


def sync_aliases(alias_model: type[m.Alias], owner_field: str) -> Callable:
    def sync(obj: models.Model, names: list[str]) -> None:
        for name in map(m.spelling, names):
            alias = alias_model.objects.filter(name__iexact=name).first()
            if alias is None:  # only new aliases are saved: a reload adds no history
                alias = alias_model(name=name, **{owner_field: obj})
                alias.full_clean()
                alias.save()
            elif getattr(alias, f"{owner_field}_id") != obj.pk:
                raise ValidationError(
                    {"aliases": f"{name!r} is already an alias of another record"}
                )

    return sync


def sync_provinces(obj: m.Constituency, names: list[str]) -> None:
    provinces = []
    for name in names:
        try:
            provinces.append(resolve_province(name, {}))
        except LookupFailed as error:
            raise ValidationError({"provinces": str(error)}) from error
    obj.provinces.set(provinces)


def translated_fields(model: type[models.Model]) -> dict[str, dict[str, str]]:
    """For each translated field of `model`: its column per language ({"en": "name_en",
    "km": "name_km"}). A data file's `name` column is the English (the language every record
    is first written in) and `name_km` the Khmer, empty where not yet translated."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return {}
    return {
        name: {field.language: field.name for field in fields}
        for name, fields in options.all_fields.items()
    }


def english_column(model: type[models.Model], column: str) -> str:
    """The column that holds what a data file's `column` holds: `name` is `name_en`."""
    languages = translated_fields(model).get(column)
    return languages[settings.MODELTRANSLATION_DEFAULT_LANGUAGE] if languages else column


def other_language_columns(model: type[models.Model]) -> frozenset[str]:
    """The per-language columns a data file may have besides the English one (`name_km`)."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return frozenset(
        column
        for languages in translated_fields(model).values()
        for language, column in languages.items()
        if language != default
    )


def khmer_text(raw: str) -> str:
    """Khmer as typed, in one form: composed (NFC), so that two spellings that look the same
    are stored the same."""
    return unicodedata.normalize("NFC", raw)


# A figure's original source and the reasoning of an inferred one: most files give neither,
# so their columns may be left out (an empty cell means the same).
PROVENANCE_COLUMNS = frozenset({"original_source", "inference"})


@dataclass(frozen=True)
class DataFile:
    """How one CSV file maps onto one model."""

    filename: str
    model: type[models.Model]
    key: tuple[str, ...]
    resolvers: dict[str, Callable[[str, dict], Any]] = field(default_factory=dict)
    # Columns that help resolve others but are not fields of the model.
    context: frozenset[str] = frozenset()
    # Columns holding "; "-separated lists, applied after the row is saved.
    lists: dict[str, Callable[[Any, list[str]], None]] = field(default_factory=dict)
    # Fields of the model the file may leave out; every other field must have a column.
    optional: frozenset[str] = frozenset()

    def required_columns(self) -> list[str]:
        # A translation may be missing: its column may be left out, like an empty cell.
        optional = self.optional | PROVENANCE_COLUMNS | self.language_columns()
        fields = [
            f.name
            for f in self.model._meta.concrete_fields
            if f.editable and not f.primary_key and f.name not in optional
        ]
        return [*fields, *self.lists, *sorted(self.context)]

    def language_columns(self) -> frozenset[str]:
        """Every per-language column (name_en, name_km); the files write English as `name`."""
        return frozenset(
            column
            for languages in translated_fields(self.model).values()
            for column in languages.values()
        )


SOURCED = {"source": resolve_source}

DATA_FILES: tuple[DataFile, ...] = (
    DataFile("sources.csv", m.Source, ("key",)),
    DataFile(
        "provinces.csv",
        m.Province,
        ("slug",),
        {"khmer_name_source": resolve_source},
        lists={"aliases": sync_aliases(m.ProvinceAlias, "province")},
    ),
    DataFile(
        "parties.csv",
        m.Party,
        ("slug",),
        lists={"aliases": sync_aliases(m.PartyAlias, "party")},
    ),
    DataFile("elections.csv", m.Election, ("slug",), SOURCED),
    DataFile(
        "result_sets.csv",
        m.ResultSet,
        ("election",),
        {"election": resolve_election, **SOURCED},
    ),
    DataFile(
        "registrations.csv",
        m.Registration,
        ("election", "party"),
        {"election": resolve_election, "party": resolve_party, **SOURCED},
    ),
    DataFile(
        "constituencies.csv",
        m.Constituency,
        ("election", "slug"),
        {"election": resolve_election, **SOURCED},
        lists={"provinces": sync_provinces},
    ),
    DataFile(
        "constituency_results.csv",
        m.ConstituencyResult,
        ("constituency", "party", "source"),
        {
            "election": resolve_election,
            "constituency": resolve_constituency,
            "party": resolve_party,
            **SOURCED,
        },
        context=frozenset({"election"}),
    ),
    DataFile(
        "national_results.csv",
        m.NationalResult,
        ("election", "party", "source", "section"),
        {"election": resolve_election, "party": resolve_party, **SOURCED},
    ),
    DataFile(
        "ballot_counts.csv",
        m.BallotCount,
        ("election", "constituency", "time_of_day", "source", "section"),
        {"election": resolve_election, "constituency": resolve_constituency, **SOURCED},
    ),
    DataFile(
        "schedule.csv",
        m.ScheduleEntry,
        ("election", "kind", "description"),
        {"election": resolve_election, **SOURCED},
    ),
    DataFile(
        "investitures.csv",
        m.Investiture,
        ("election",),
        {"election": resolve_election, "party": resolve_party, **SOURCED},
    ),
    DataFile(
        "investiture_tallies.csv",
        m.InvestitureTally,
        ("investiture", "choice", "party"),
        {"investiture": resolve_investiture, "party": resolve_party, **SOURCED},
    ),
    DataFile("registered_voters.csv", m.RegisteredVoterCount, ("year",), SOURCED),
    DataFile(
        "debates.csv", m.Debate, ("election", "number"), {"election": resolve_election, **SOURCED}
    ),
    DataFile(
        "debate_participants.csv",
        m.DebateParticipation,
        ("debate", "party"),
        {"election": resolve_election, "debate": resolve_debate, "party": resolve_party, **SOURCED},
        context=frozenset({"election"}),
    ),
    DataFile(
        "incidents.csv",
        m.Incident,
        ("election", "number"),
        {"election": resolve_election, "province": resolve_province, **SOURCED},
    ),
    DataFile(
        "events.csv",
        m.Event,
        ("key",),
        {
            "election": resolve_election,
            "party": resolve_party,
            "province": resolve_province,
            **SOURCED,
        },
        optional=frozenset({"ends_on"}),
    ),
    DataFile(
        "stated_figures.csv",
        m.StatedFigure,
        ("election", "key", "source", "section"),
        {"election": resolve_election, **SOURCED},
    ),
    DataFile(
        "source_tables.csv",
        m.SourceTable,
        ("election", "key"),
        {"election": resolve_election, **SOURCED},
    ),
)


def _parse(model_field: models.Field, raw: str) -> Any:
    if raw == "":
        if model_field.null:
            return None
        if model_field.has_default():
            return model_field.get_default()
        return ""
    if isinstance(model_field, models.BooleanField):
        if raw.lower() in {"yes", "true", "1"}:
            return True
        if raw.lower() in {"no", "false", "0"}:
            return False
        raise ValidationError({model_field.name: f"{raw!r} is not yes or no"})
    try:
        return model_field.to_python(raw)
    except ValidationError as error:
        raise ValidationError({model_field.name: error.messages}) from error


def _describe(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def _load_row(spec: DataFile, row: dict[str, str]) -> tuple:
    """Save one row; return its natural key."""
    values: dict[str, Any] = {}
    for column, raw in row.items():
        raw = restore_formula((raw or "").strip())
        if column in spec.lists:
            continue
        if column in spec.resolvers:
            try:
                values[column] = spec.resolvers[column](raw, values) if raw else None
            except LookupFailed as error:
                raise ValidationError({column: str(error)}) from error
        else:
            if column in other_language_columns(spec.model):
                raw = khmer_text(raw)
            # Written to the English column by name, whatever language is active.
            field = english_column(spec.model, column)
            values[field] = _parse(spec.model._meta.get_field(field), raw)

    fields = {name: value for name, value in values.items() if name not in spec.context}
    key = [english_column(spec.model, k) for k in spec.key]
    instance = spec.model.objects.filter(**{k: fields[k] for k in key}).first()
    changed = instance is None or any(
        getattr(instance, name) != value for name, value in fields.items()
    )
    instance = instance or spec.model()
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    # Unchanged rows are not saved again, so a reload adds nothing to their history.
    if changed:
        instance.save()
    for column, apply in spec.lists.items():
        cell = restore_formula((row.get(column) or "").strip())
        names = [name.strip() for name in cell.split(";") if name.strip()]
        apply(instance, names)
    return tuple(fields[k] for k in key)


def _check_columns(spec: DataFile, columns: Iterable[str] | None, path: Path) -> None:
    columns = list(columns or [])
    # English is written in the field's own column (`name`), never as `name_en`.
    model_fields = {f.name for f in spec.model._meta.get_fields()} - (
        spec.language_columns() - other_language_columns(spec.model)
    )
    known = model_fields | set(spec.resolvers) | set(spec.lists) | spec.context
    unknown = [c for c in columns if c not in known]
    missing = [k for k in spec.key if k not in columns]
    if unknown:
        raise DataFileError(f"{path.name}: unknown column(s) {', '.join(unknown)}")
    if missing:
        raise DataFileError(f"{path.name}: missing key column(s) {', '.join(missing)}")
    missing = [c for c in spec.required_columns() if c not in columns]
    if missing:
        raise DataFileError(f"{path.name}: missing column(s) {', '.join(missing)}")


def load_data_file(spec: DataFile, path: Path) -> int:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise DataFileError(
            f"{path.name}: not UTF-8 text (byte {error.start + 1} cannot be read); "
            "save the file as UTF-8"
        ) from error
    # A file that ends inside a line was cut off (every file the site writes ends its
    # last line).
    if text and not text.endswith("\n"):
        raise DataFileError(f"{path.name}: the last line does not end; the file looks cut off")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        _check_columns(spec, reader.fieldnames, path)
        seen: dict[tuple, int] = {}
        for row in reader:
            line = reader.line_num
            if None in row:
                raise DataFileError(f"{path.name}, line {line}: too many cells")
            if None in row.values():
                raise DataFileError(
                    f"{path.name}, line {line}: too few cells; the file may be cut off"
                )
            try:
                key = _load_row(spec, row)
            except ValidationError as error:
                raise DataFileError(f"{path.name}, line {line}: {_describe(error)}") from error
            if key in seen:
                raise DataFileError(
                    f"{path.name}, line {line}: same {', '.join(spec.key)} as line {seen[key]}"
                )
            seen[key] = line
    except csv.Error as error:  # e.g. a quoted cell never closed
        raise DataFileError(f"{path.name}, line {reader.line_num}: {error}") from error
    return len(seen)


# Each data directory's row count per file: a file cut off after a whole line is still
# valid CSV, so only a count kept beside it shows that rows are missing.
MANIFEST = "manifest.csv"


def read_manifest(data_dir: Path) -> dict[str, int] | None:
    """The row counts of `data_dir`'s manifest, or None where the directory has none."""
    path = data_dir / MANIFEST
    if not path.exists():
        return None
    counts = {}
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            if not (row.get("file") and (row.get("rows") or "").isdigit()):
                raise DataFileError(
                    f"{MANIFEST}, line {reader.line_num}: expected a file name and its rows"
                )
            counts[row["file"]] = int(row["rows"])
    return counts


def data_files_load(specs: Iterable[DataFile], data_dir: Path) -> dict[str, int]:
    """Load each file of `specs` from `data_dir`, all or nothing. Returns rows read per file.

    Where the directory has a manifest, each file must have the rows it states."""
    manifest = read_manifest(data_dir)
    counts: dict[str, int] = {}
    # In English whatever the caller's language: a record's own column (`name`) keeps the
    # English, and names in the files are English or spellings of it.
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE), transaction.atomic():
        for spec in specs:
            path = data_dir / spec.filename
            if not path.exists():
                raise DataFileError(f"{spec.filename}: file not found in {data_dir}")
            counts[spec.filename] = load_data_file(spec, path)
            if manifest is None:
                continue
            expected = manifest.get(spec.filename)
            if expected is None:
                raise DataFileError(f"{MANIFEST}: it gives no row count for {spec.filename}")
            if counts[spec.filename] != expected:
                raise DataFileError(
                    f"{spec.filename}: {counts[spec.filename]} rows, but {MANIFEST} says "
                    f"{expected}; the file looks cut off (after adding or removing rows on "
                    f"purpose, change its count in {MANIFEST})"
                )
    return counts


def election_data_load(*, data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Load the results app's data files."""
    return data_files_load(DATA_FILES, data_dir)


def _natural_id(obj: models.Model) -> str:
    """How a data file names a related record (what the resolvers above accept): parties,
    provinces and constituencies by name, as the files write them; others by key or slug."""
    if isinstance(obj, m.Party | m.Province | m.Constituency):
        return getattr(obj, english_column(type(obj), "name"))
    for attribute in ("key", "slug"):
        if hasattr(obj, attribute):
            return getattr(obj, attribute)
    if isinstance(obj, m.Investiture):
        return obj.election.slug
    if isinstance(obj, m.Debate):
        return str(obj.number)
    return str(obj)


def _cell(value: Any) -> str:
    if isinstance(value, str):
        return neutralise_formula(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, models.Model):  # a party's or province's name is editor text too
        return neutralise_formula(_natural_id(value))
    if hasattr(value, "strftime") and hasattr(value, "hour") and not hasattr(value, "year"):
        return value.strftime("%H:%M")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


LIST_EXPORTS: dict[str, Callable[[models.Model], list[str]]] = {
    "aliases": lambda obj: [alias.name for alias in obj.aliases.order_by("pk")],
    "provinces": lambda obj: [province.name_en for province in obj.provinces.order_by("pk")],
}
CONTEXT_EXPORTS: dict[str, Callable[[models.Model], Any]] = {
    "election": lambda obj: (
        obj.constituency.election if hasattr(obj, "constituency") else obj.debate.election
    ),
}


def data_file_rows(spec: DataFile, columns: list[str]) -> Iterable[list[str]]:
    for obj in spec.model.objects.order_by("pk"):
        row = []
        for column in columns:
            if column in spec.lists:
                row.append(neutralise_formula("; ".join(LIST_EXPORTS[column](obj))))
            elif column in spec.context:
                row.append(_cell(CONTEXT_EXPORTS[column](obj)))
            else:
                row.append(_cell(getattr(obj, english_column(spec.model, column))))
        yield row


def data_files_export(specs: Iterable[DataFile], template_dir: Path, out_dir: Path) -> int:
    """Write each spec's records as a CSV with the same columns as the file in template_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    rows_written = {}
    for spec in specs:
        with (template_dir / spec.filename).open(newline="", encoding="utf-8") as handle:
            columns = next(csv.reader(handle))
        with (out_dir / spec.filename).open("w", newline="", encoding="utf-8") as handle:
            # The loader's own files end lines with "\n": the export gives them back byte for byte.
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            rows = list(data_file_rows(spec, columns))
            writer.writerows(rows)
        rows_written[spec.filename] = len(rows)
        written += 1
    with (out_dir / MANIFEST).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["file", "rows"])
        writer.writerows(rows_written.items())
    return written


@dataclass(frozen=True)
class UploadedRow:
    line: int
    key: str
    outcome: str  # "added", "changed", "unchanged" or "error"
    message: str = ""


@dataclass(frozen=True)
class UploadResult:
    """What an uploaded data file does (or would do) to the database, row by row."""

    filename: str
    applied: bool
    rows: tuple[UploadedRow, ...] = ()
    file_error: str = ""

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def count_added(self) -> int:
        return self.count("added")

    @property
    def count_changed(self) -> int:
        return self.count("changed")

    @property
    def count_unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def errors(self) -> tuple[UploadedRow, ...]:
        return tuple(row for row in self.rows if row.outcome == "error")

    @property
    def has_errors(self) -> bool:
        return bool(self.file_error or self.errors)


def data_file_upload(spec: DataFile, content: bytes, *, apply: bool) -> UploadResult:
    """Check an uploaded file in the loader's format row by row, with the loader's rules.

    Every row is tried (each in its own savepoint), so that every error is reported with
    its line. Nothing is kept unless `apply` is set and no row has an error; then the whole
    file is applied in one transaction.
    """
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return UploadResult(spec.filename, False, file_error="The file must be UTF-8 text.")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        _check_columns(spec, reader.fieldnames, Path(spec.filename))
    except DataFileError as error:
        return UploadResult(spec.filename, False, file_error=str(error))
    rows: list[UploadedRow] = []
    saves: list[tuple[type, bool]] = []

    thread = threading.get_ident()

    def saved(sender, created, **kwargs):
        if threading.get_ident() == thread:  # not another request's saves
            saves.append((sender, created))

    post_save.connect(saved, weak=False)
    try:
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE), transaction.atomic():
            rows = _upload_rows(spec, reader, saves)
            applied = apply and not any(row.outcome == "error" for row in rows)
            transaction.set_rollback(not applied)
    finally:
        post_save.disconnect(saved)
    return UploadResult(spec.filename, applied, tuple(rows))


def _upload_rows(spec: DataFile, reader: csv.DictReader, saves: list) -> list[UploadedRow]:
    rows: list[UploadedRow] = []
    seen: dict[tuple, int] = {}
    for row in reader:
        line = reader.line_num
        columns = [*sorted(spec.context), *spec.key]
        described = ", ".join((row.get(c) or "").strip() for c in columns if c in row)
        saves.clear()
        try:
            if None in row:
                raise ValidationError("too many cells")
            with transaction.atomic():
                key = _load_row(spec, row)
        except (ValidationError, IntegrityError) as error:
            message = _describe(error) if isinstance(error, ValidationError) else str(error)
            rows.append(UploadedRow(line, described, "error", message))
            continue
        if key in seen:
            message = f"same {', '.join(spec.key)} as line {seen[key]}"
            rows.append(UploadedRow(line, described, "error", message))
            continue
        seen[key] = line
        if any(sender is spec.model and created for sender, created in saves):
            outcome = "added"
        else:
            outcome = "changed" if saves else "unchanged"
        rows.append(UploadedRow(line, described, outcome))
    return rows

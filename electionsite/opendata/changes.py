"""The data set's versions: the days its records changed, read from the history tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.apps import apps
from django.db import connection

from electionsite.opendata.package import version_of

VERSIONS_SHOWN = 20


@dataclass(frozen=True)
class DataVersion:
    day: date
    version: str
    changes: int
    kinds: tuple[tuple[str, int], ...]  # (what changed, how many), most first


def _historical_models():
    for app in ("results", "observers"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                yield model


def versions_by_day(limit: int = VERSIONS_SHOWN) -> list[DataVersion]:
    """The newest days with changes, newest first: one query over every history table."""
    quote = connection.ops.quote_name
    day = (
        "date(history_date)"
        if connection.vendor == "sqlite"
        else "(history_date AT TIME ZONE 'UTC')::date"
    )
    parts, labels = [], {}
    for index, model in enumerate(_historical_models()):
        labels[index] = str(model.instance_type._meta.verbose_name_plural)
        parts.append(
            f"SELECT {day} AS day, {index} AS kind, history_date FROM {quote(model._meta.db_table)}"
        )
    sql = (
        "SELECT day, kind, COUNT(*), MAX(history_date) FROM ("
        + " UNION ALL ".join(parts)
        + ") AS changes GROUP BY day, kind ORDER BY day DESC"
    )
    by_day: dict[str, dict] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql)
        for day_value, kind, count, newest in cursor.fetchall():
            entry = by_day.setdefault(str(day_value), {"kinds": [], "newest": None, "count": 0})
            if len(by_day) > limit:
                del by_day[str(day_value)]
                break
            entry["kinds"].append((labels[kind], count))
            entry["count"] += count
            newest = _as_datetime(newest)
            entry["newest"] = max(filter(None, (entry["newest"], newest)))
    return [
        DataVersion(
            day=date.fromisoformat(key),
            version=version_of(entry["newest"]),
            changes=entry["count"],
            kinds=tuple(sorted(entry["kinds"], key=lambda k: -k[1])),
        )
        for key, entry in by_day.items()
    ]


def _as_datetime(value) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)

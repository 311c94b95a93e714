"""The reason given for a change, recorded on every history row the change writes.

An admin save, a bulk upload or a restore may write many rows (a record, its inline rows,
its dependants); each history row gets the one reason the editor typed. simple-history's
`pre_create_historical_record` signal is its documented hook for filling history fields.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

# simple-history's history_change_reason column holds 100 characters.
REASON_MAX_LENGTH = 100

_current_reason: ContextVar[str] = ContextVar("change_reason", default="")


@contextmanager
def recorded_with_reason(reason: str) -> Iterator[None]:
    """History rows written inside this block carry `reason` (unless they have their own)."""
    token = _current_reason.set(reason[:REASON_MAX_LENGTH])
    try:
        yield
    finally:
        _current_reason.reset(token)


@receiver(pre_create_historical_record)
def give_history_the_current_reason(sender, history_instance, **kwargs) -> None:
    reason = _current_reason.get()
    if reason and not history_instance.history_change_reason:
        history_instance.history_change_reason = reason


LOADED = "Loaded from the reviewed data files"

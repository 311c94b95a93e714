"""Purge the shared caches' copies of the pages showing a record when its change commits.

Every save or delete of a record of the results or observers apps (an admin edit, a load,
a revert) adds surrogate keys to a pending set: the record's own key, the keys of the
records it points to (a result's constituency and party, a finding's statement), and, when
a record is added or deleted, its table's key (the lists it appears in). When the
transaction commits, one `PURGE` request with those keys in `xkey-purge` goes to each
accelerator in `HTTP_ACCELERATORS` (deploy/varnish/site.vcl answers it with xkey.purge).

A purge that fails is logged and retried in the background (in a daemon thread: a command
that exits first gives up its retries, and says so in the log); it never fails the save.
If a purge is lost, pages stay stale for at most `PUBLIC_SHARED_MAX_AGE` seconds. Keys
pending from a transaction that rolled back go out with the next commit: a harmless purge.
"""

from __future__ import annotations

import logging
import threading
import time
import urllib.request

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from simple_history.models import HistoricalChanges

from electionsite.http_cache import (
    DATA_APPS,
    EVERY_CHANGE_KEY,
    SITE_KEY,
    any_record_key,
    keyed_models,
    record_key,
    table_key,
)

logger = logging.getLogger(__name__)

PURGE_TIMEOUT = 2  # seconds per request
RETRY_DELAYS = (1, 5, 30)  # seconds before each retry of a failed purge
MAX_KEYS_PER_PURGE = 200  # more (a whole load) purges everything: one short request
# Accelerators are on the private network: never through an HTTP proxy from the environment.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_pending = threading.local()
_keyed: frozenset[type[Model]] = frozenset()


def changed_keys(instance: Model, *, table_changed: bool) -> set[str]:
    """The keys of the pages that may show `instance`, or anything it points to."""
    model = type(instance)
    keys = set()
    if model in _keyed:
        keys |= {record_key(model, instance.pk), any_record_key(model)}
        if table_changed:
            keys.add(table_key(model))
    for field in model._meta.concrete_fields:
        if field.many_to_one or field.one_to_one:
            target = field.related_model
            value = getattr(instance, field.attname)
            if target in _keyed and value is not None:
                keys |= {record_key(target, value), any_record_key(target)}
    # A record that names nothing keyed (none today): every page may show it.
    return (keys or {SITE_KEY}) | {EVERY_CHANGE_KEY}


def _shown_on_pages(model: type[Model]) -> bool:
    # A history row is written with the change it records, which purges already.
    return model._meta.app_label in DATA_APPS and not issubclass(model, HistoricalChanges)


def record_saved(sender, instance, created=False, **kwargs) -> None:
    if _shown_on_pages(sender):
        purge_on_commit(changed_keys(instance, table_changed=created))


def record_deleted(sender, instance, **kwargs) -> None:
    if _shown_on_pages(sender):
        purge_on_commit(changed_keys(instance, table_changed=True))


def relations_changed(sender, instance, action, model, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not _shown_on_pages(type(instance)):
        return
    keys = changed_keys(instance, table_changed=False)
    if model in _keyed:
        if pk_set is None:  # cleared: which ones is no longer known
            keys.add(any_record_key(model))
            keys.add(table_key(model))
        else:
            keys |= {record_key(model, pk) for pk in pk_set}
    purge_on_commit(keys)


def purge_on_commit(keys: set[str]) -> None:
    if not settings.HTTP_ACCELERATORS:
        return
    if not hasattr(_pending, "keys"):
        _pending.keys = set()
    _pending.keys |= keys
    # One callback per change, each sending whatever is pending: the first after a commit
    # sends one request for the whole transaction, the others find nothing left.
    transaction.on_commit(_purge_pending, robust=True)


def _purge_pending() -> None:
    keys, _pending.keys = _pending.keys, set()
    if keys:
        purge(keys)


def purge(keys: set[str]) -> None:
    """Send one purge of `keys` to every accelerator; retry failures in the background."""
    if len(keys) > MAX_KEYS_PER_PURGE:
        keys = {SITE_KEY}
    header = " ".join(sorted(keys))
    failed = [url for url in settings.HTTP_ACCELERATORS if not _send(url, header)]
    if failed:
        threading.Thread(
            target=_retry, args=(failed, header), name="purge-retry", daemon=True
        ).start()


def _retry(urls: list[str], header: str) -> None:
    for delay in RETRY_DELAYS:
        time.sleep(delay)
        urls = [url for url in urls if not _send(url, header)]
        if not urls:
            return
    logger.error(
        "Gave up purging %s from %s; those pages may be stale for up to %s s",
        header,
        ", ".join(urls),
        settings.PUBLIC_SHARED_MAX_AGE,
    )


def _send(url: str, header: str) -> bool:
    request = urllib.request.Request(url, method="PURGE", headers={"xkey-purge": header})
    try:
        with _opener.open(request, timeout=PURGE_TIMEOUT) as response:
            response.read()
        return True
    except Exception as error:  # whatever went wrong, it is logged and retried
        logger.warning("Purge of %s from %s failed: %s", header, url, error)
        return False


def connect_purging() -> None:
    global _keyed
    _keyed = frozenset(keyed_models())
    post_save.connect(record_saved, dispatch_uid="purge-saved")
    post_delete.connect(record_deleted, dispatch_uid="purge-deleted")
    m2m_changed.connect(relations_changed, dispatch_uid="purge-relations")

"""Public pages served from the shared cache, all invalidated by any change to the data.

A page is stored with the *data version* it was built under (a token kept in the same cache)
and served only while that token is current. Saving or
deleting any record of the results or observers apps (an admin edit, a load, a revert)
replaces the token when the transaction commits and announces it to every app server, so
the next request for every page is built afresh everywhere.
Editors (anyone with a session) and the admin are never served from the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, set_response_etag
from redis.exceptions import RedisError

DATA_VERSION_KEY = "data-version"
DATA_APPS = frozenset({"results", "observers"})
CACHEABLE_TYPES = ("text/html", "application/json", "application/xml", "application/atom+xml")


def _read_version() -> str:
    version = cache.get(DATA_VERSION_KEY)
    if version is None:
        cache.add(DATA_VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(DATA_VERSION_KEY)
    return version


class VersionWatch(threading.local):
    """This process's copy of the data version, kept current by Redis publish/subscribe.

    Reading the version from Redis on every request was half the cost of serving a cached
    page. Instead, each process subscribes to a channel on which every change is announced
    (`invalidate_public_pages`), reads the version once the subscription is confirmed, and
    reads it again only after an announcement. Before each request it checks its socket for
    announcements Redis has already delivered: a few microseconds, no round trip. Redis
    writes an announcement to its subscribers as it answers the PUBLISH, which is sent when
    the edit commits, before the editor's save returns; a request that starts after that
    finds it waiting (tested across processes in scripts/smoke-production). Without a
    subscription (the in-memory cache used in development, or Redis unreachable) the
    version is read on every request. Each thread and each forked worker has its own
    subscription.
    """

    def __init__(self):
        self.subscription = None
        self.pid = None
        self.version = None
        self.changed = False

    def current(self) -> str:
        subscription = self._subscription()
        if subscription is None:
            return _read_version()
        try:
            # An announcement, or a confirmation after redis-py reconnected (announcements
            # made while it was disconnected are lost): either way, read the version.
            while subscription.get_message(timeout=0) is not None:
                self.changed = True
            if self.changed:
                self.changed = False
                self.version = _read_version()
        except (RedisError, OSError):  # read on every request until resubscribed
            self.close()
            return _read_version()
        return self.version

    def _subscription(self):
        if self.pid != os.getpid():  # a forked worker does not share its parent's socket
            self.subscription, self.pid = None, os.getpid()
        if self.subscription is None and hasattr(cache, "subscribe"):
            try:
                self.subscription = cache.subscribe(DATA_VERSION_KEY)
                self.subscription.connection.register_connect_callback(self._reconnected)
                self.changed = False
                self.version = _read_version()
            except (RedisError, OSError):  # Redis unreachable: try again next request
                self.close()
        return self.subscription

    def _reconnected(self, connection) -> None:
        self.changed = True

    def close(self) -> None:
        if self.subscription is not None:
            with contextlib.suppress(RedisError, OSError):
                self.subscription.close()
        self.subscription = None


_watch = VersionWatch()


def data_version() -> str:
    return _watch.current()


def invalidate_public_pages(sender, **kwargs) -> None:
    if sender._meta.app_label in DATA_APPS:
        # After the commit: a page built before then would show the old data under the
        # new version.
        transaction.on_commit(_new_version)


def _new_version() -> None:
    cache.set(DATA_VERSION_KEY, uuid.uuid4().hex, None)
    if hasattr(cache, "announce"):
        cache.announce(DATA_VERSION_KEY)


def connect_invalidation() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(invalidate_public_pages, dispatch_uid=f"public-pages-{signal}")


def _cacheable(request) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(f"/{settings.ADMIN_PATH}")
        and not request.path.startswith(f"/{settings.STATIC_URL.strip('/')}/")
    )


def _key(request) -> str:
    # The day is part of the key: citations show the date a page was accessed.
    page = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(page.encode()).hexdigest()
    return f"page:{timezone.localdate().isoformat()}:{digest}"


class RecentPages:
    """A small per-process copy of recently served pages, bounded in bytes.

    Every hit is still checked against the shared data version, so it is never stale; it
    only saves fetching large pages from Redis again and again.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self.entries: OrderedDict[str, tuple] = OrderedDict()

    def get(self, key: str, version: str):
        entry = self.entries.get(key)
        if entry is None or entry[0] != version:
            return None
        self.entries.move_to_end(key)
        return entry

    def put(self, key: str, entry: tuple) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= len(old[1])
        self.entries[key] = entry
        self.size += len(entry[1])
        while self.size > self.max_bytes and self.entries:
            _, evicted = self.entries.popitem(last=False)
            self.size -= len(evicted[1])


class PublicPageCacheMiddleware:
    """Serve a stored page when it was stored under the current data version.

    Pages are stored as plain bytes and headers in the shared cache, and the most recent
    ones also in this process; a hit in this process's copy asks Redis nothing (see
    VersionWatch).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.recent = RecentPages(settings.PUBLIC_PAGE_MEMORY_BYTES)

    def __call__(self, request):
        if not _cacheable(request):
            return self.get_response(request)
        key = _key(request)
        version = data_version()
        entry = self.recent.get(key, version)
        if entry is None:
            entry = cache.get(key)
            if entry is not None and entry[0] == version:
                self.recent.put(key, entry)
            else:
                entry = None
        if entry is not None:
            response = HttpResponse(entry[1])
            for name, value in entry[2]:
                response.headers[name] = value
            return self._conditional(request, response)
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and content_type.startswith(CACHEABLE_TYPES)
        ):
            set_response_etag(response)
            stored = (version, response.content, list(response.items()))
            cache.set(key, stored, settings.PUBLIC_PAGE_CACHE_SECONDS)
            self.recent.put(key, stored)
            return self._conditional(request, response)
        return response

    @staticmethod
    def _conditional(request, response):
        """304 Not Modified when the reader already has this version of the page."""
        return get_conditional_response(request, etag=response.get("ETag"), response=response)

"""Public pages served from the shared cache, all invalidated by any change to the data.

A page is stored with the *data version* it was built under (a token kept in the same cache)
and served only while that token is current. Saving or
deleting any record of the results or observers apps (an admin edit, a load, a revert)
replaces the token when the transaction commits and announces it to every app server, so
the next request for every page is built afresh everywhere.
Editors (anyone with a session) and the admin are never served from the cache.

The cache is an optimisation: while Redis is unreachable, pages are served uncached (see
`RedisOutage`), and once it answers again the data version is replaced, since a change saved
meanwhile could not replace it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

DATA_VERSION_KEY = "data-version"
DATA_APPS = frozenset({"results", "observers"})
CACHEABLE_TYPES = ("text/html", "application/json", "application/xml", "application/atom+xml")


class RedisOutage:
    """A circuit breaker: after Redis fails once, it is left alone for a short while.

    Every call to Redis goes through `call()`. A failure (refused, timed out) is logged once
    per outage, and for `settings.REDIS_RETRY_SECONDS` no request asks Redis anything, so
    none waits on its timeout. The first call after that tries again. When Redis answers
    again after an outage, the data changes are dealt with before anything else (see
    `_after_outage`).
    """

    def __init__(self):
        self.retry_at = 0.0
        self.down = False
        self.unannounced = False  # a change was saved here while Redis was unreachable
        # The data version this process knew when Redis failed: only that one is replaced
        # afterwards. The process may learn a newer one meanwhile (another process replaced
        # it, announced on the channel), and replacing that would rebuild every page again.
        self.known = None
        self.lock = threading.Lock()

    def call(self, operation, default=None):
        """`operation()`, or `default` when Redis is unreachable."""
        if self.down and time.monotonic() < self.retry_at:
            return default
        try:
            if self.down:
                _after_outage(known=self.known, unannounced=self.unannounced)
                self.down = self.unannounced = False
                logger.warning("Redis is reachable again.")
            return operation()
        except (RedisError, OSError) as error:
            self.trip(error)
            return default

    def trip(self, error: Exception) -> None:
        with self.lock:
            if not self.down:
                logger.error("Redis is unreachable (%s); serving pages uncached.", error)
                self.known = _watch.version
            self.down = True
            self.retry_at = time.monotonic() + settings.REDIS_RETRY_SECONDS


redis_outage = RedisOutage()


def _after_outage(*, known: str | None, unannounced: bool = False) -> None:
    """Once Redis answers again, treat the data as changed.

    A change saved while Redis was unreachable could not replace the data version, and a
    Redis restored from disk holds the version and pages of before. So the version is
    replaced, unless another process already replaced it since this one last read it
    (`known`) and this one has no change of its own to announce: each process that noticed
    the outage does not rebuild every page once more whenever it next serves a request.
    A process that knew no version when Redis failed (it had served nothing yet) cannot
    tell a restored version from a replaced one: it replaces it (seen in CI, where such a
    worker served a page stored before an edit made during the outage).
    """
    if unannounced or known is None or _read_version() == known:
        _replace_version()


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
    writes an announcement to its subscribers in the same pass as its answer to the
    PUBLISH, which is sent when the edit commits, before the editor's save returns; a
    request that starts after that finds it waiting, or finds it a moment later on a loaded
    machine (tested across processes in scripts/smoke-production). Without a
    subscription (the in-memory cache used in development, or Redis unreachable) the
    version is read on every request. Each thread and each forked worker has its own
    subscription.

    When the subscription's connection was lost (Redis restarted, or dropped it),
    announcements made meanwhile are lost too: after reconnecting, the process treats the
    data as changed (`_after_outage`).
    """

    def __init__(self):
        self.subscription = None
        self.pid = None
        self.version = None
        self.changed = False
        self.reconnected = False

    def current(self) -> str:
        subscription = self._subscription()
        if subscription is None:
            return _read_version()
        try:
            # An announcement, or a confirmation after redis-py reconnected: either way,
            # read the version.
            while subscription.get_message(timeout=0) is not None:
                self.changed = True
            if self.reconnected:
                self.reconnected = False
                _after_outage(known=self.version)
            if self.changed:
                self.changed = False
                self.version = _read_version()
        except (RedisError, OSError):  # read on every request until resubscribed
            self.close()
            _after_outage(known=self.version)  # if Redis is down, RedisOutage does it later
            return _read_version()
        return self.version

    def _subscription(self):
        if self.pid != os.getpid():  # a forked worker does not share its parent's socket
            self.subscription, self.pid, self.version = None, os.getpid(), None
        if self.subscription is None and hasattr(cache, "subscribe"):
            try:
                # The version this process knew when it lost its subscription, if it did.
                lost = self.version
                self.subscription = cache.subscribe(DATA_VERSION_KEY)
                self.subscription.connection.register_connect_callback(self._reconnected)
                self.changed = False
                if lost is not None:
                    # Subscribed again after losing Redis: treat the data as changed before
                    # reading the version, or a page stored before the outage could be
                    # served once more under the version Redis restored from disk.
                    _after_outage(known=lost)
                self.version = _read_version()
            except (RedisError, OSError):  # Redis unreachable: try again next request
                self.close()
        return self.subscription

    def _reconnected(self, connection) -> None:
        self.changed = self.reconnected = True

    def close(self) -> None:
        if self.subscription is not None:
            with contextlib.suppress(RedisError, OSError):
                self.subscription.close()
        self.subscription = None


_watch = VersionWatch()


def data_version() -> str | None:
    """The current data version, or None while Redis is unreachable."""
    return redis_outage.call(_watch.current)


_building = threading.Lock()
BUILT_FILE_SECONDS = 24 * 3600  # files of older data versions age out


def built_once(name: str, build: Callable[[], bytes]) -> bytes:
    """What `build()` gives for the current data version: built once, then kept in Redis.

    For costly downloads (the data ZIP): every app server serves the stored bytes until the
    data changes. While Redis is unreachable each call builds afresh.
    """
    version = data_version()
    if version is None:
        return build()
    key = f"built:{name}:{version}"
    with _building:  # one build at a time in this process; the others wait and reuse it
        stored = redis_outage.call(lambda: cache.get(key))
        if stored is None:
            stored = build()
            redis_outage.call(lambda: cache.set(key, stored, BUILT_FILE_SECONDS))
    return stored


def invalidate_public_pages(sender, **kwargs) -> None:
    if sender._meta.app_label in DATA_APPS:
        # After the commit: a page built before then would show the old data under the
        # new version.
        transaction.on_commit(_new_version)


_unannounced = threading.local()


def _new_version() -> None:
    """Replace the data version; if Redis is unreachable, it is replaced when Redis returns.

    The edit is committed either way: the editor's save succeeds, and learns of the delay
    through `unannounced_change()`.
    """
    if redis_outage.call(_replace_version, default=False) is False:
        redis_outage.unannounced = _unannounced.change = True
        logger.warning("A data change could not be announced: Redis is unreachable.")


def _replace_version() -> bool:
    cache.set(DATA_VERSION_KEY, uuid.uuid4().hex, None)
    if hasattr(cache, "announce"):
        cache.announce(DATA_VERSION_KEY)
    return True


def unannounced_change() -> bool:
    """Whether a change committed by this thread's request could not reach the cache."""
    change = getattr(_unannounced, "change", False)
    _unannounced.change = False
    return change


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


# Settings that shape the headers stored with a page: when one changes (DJANGO_HTTPS turned
# on, say), pages stored before are not served again.
PAGE_SETTINGS = (
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
    "SITE_NAME",
)


@functools.cache
def _configuration() -> str:
    return repr([getattr(settings, name, None) for name in PAGE_SETTINGS])


@receiver(setting_changed)
def _forget_configuration(**kwargs) -> None:
    _configuration.cache_clear()


def _key(request) -> str:
    """The page's address with its parameters in a normalised order, and what shapes it."""
    query = ""
    if request.META.get("QUERY_STRING"):
        pairs = ((name, value) for name, values in request.GET.lists() for value in values)
        query = urlencode(sorted(pairs))
    page = f"{request.scheme}://{request.get_host()}{request.path}?{query} {_configuration()}"
    digest = hashlib.sha256(page.encode()).hexdigest()
    # The day is part of the key: citations show the date a page was accessed.
    return f"page:{timezone.localdate().isoformat()}:{digest}"


class ReadParameters(QueryDict):
    """A request's query parameters, noting the names the page asks for.

    A page built with a parameter it never reads (`?n=1`) is not stored: otherwise every
    made-up parameter would store another copy of the page.
    """

    asked: set[str] | None = None  # None on copies, which only build links

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    def _note(self, key) -> None:
        if self.asked is not None:
            self.asked.add(key)

    def unread(self) -> set[str]:
        return set(self.keys()) - (self.asked or set())


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
        version = data_version()
        if version is None:  # Redis is unreachable: build the page, store nothing
            return self.get_response(request)
        key = _key(request)
        entry = self.recent.get(key, version)
        if entry is None:
            entry = redis_outage.call(lambda: cache.get(key))
            if entry is not None and entry[0] == version:
                self.recent.put(key, entry)
            else:
                entry = None
        if entry is not None:
            response = HttpResponse(entry[1])
            for name, value in entry[2]:
                response.headers[name] = value
            return self._conditional(request, response)
        request.GET = parameters = ReadParameters(
            request.META.get("QUERY_STRING", ""), encoding=request.encoding
        )
        parameters.asked = set()
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and content_type.startswith(CACHEABLE_TYPES)
        ):
            set_response_etag(response)
            if not parameters.unread():
                stored = (version, response.content, list(response.items()))
                redis_outage.call(
                    lambda: cache.set(key, stored, settings.PUBLIC_PAGE_CACHE_SECONDS)
                )
                self.recent.put(key, stored)
            return self._conditional(request, response)
        return response

    @staticmethod
    def _conditional(request, response):
        """304 Not Modified when the reader already has this version of the page."""
        return get_conditional_response(request, etag=response.get("ETag"), response=response)


class UnannouncedChangeMiddleware:
    """Tells an editor whose change was saved while Redis was unreachable what follows.

    The change is committed; only the public pages lag behind until Redis answers again.
    Placed after MessageMiddleware, so the message shows on the editor's next page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        unannounced_change()  # forget a flag left by work outside any request
        response = self.get_response(request)
        if unannounced_change():
            messages.warning(
                request,
                _(
                    "The change is saved. The public pages cannot show it yet, because the "
                    "page cache (Redis) is not answering; they will as soon as it is back."
                ),
                fail_silently=True,
            )
        return response

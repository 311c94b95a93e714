"""Public pages served from the shared cache, all invalidated by any change to the data.

A page is stored with the *data version* it was built under (a token kept in the same cache)
and served only while that token is current. Saving or
deleting any record of the results or observers apps (an admin edit, a load, a revert)
replaces the token, so the next request for every page is built afresh on every app server.
Editors (anyone with a session) and the admin are never served from the cache.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag

DATA_VERSION_KEY = "data-version"
DATA_APPS = frozenset({"results", "observers"})
CACHEABLE_TYPES = ("text/html", "application/json", "application/xml", "application/atom+xml")


def data_version() -> str:
    version = cache.get(DATA_VERSION_KEY)
    if version is None:
        cache.add(DATA_VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(DATA_VERSION_KEY)
    return version


def invalidate_public_pages(sender, **kwargs) -> None:
    if sender._meta.app_label in DATA_APPS:
        cache.set(DATA_VERSION_KEY, uuid.uuid4().hex, None)


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
    ones also in this process; each request costs one small lookup of the data version.
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
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            stored = (version, response.content, list(response.items()))
            cache.set(key, stored, settings.PUBLIC_PAGE_CACHE_SECONDS)
            self.recent.put(key, stored)
            return self._conditional(request, response)
        return response

    @staticmethod
    def _conditional(request, response):
        """304 Not Modified when the reader already has this version of the page."""
        return get_conditional_response(request, etag=response.get("ETag"), response=response)

"""Headers for shared HTTP caches in front of the app (Varnish, a CDN), with surrogate keys.

A public response (a GET without a session, outside the admin, setting no cookie) may be
kept by a shared cache for `PUBLIC_SHARED_MAX_AGE` seconds and by a browser for
`PUBLIC_MAX_AGE`; it names the records it shows in `Surrogate-Key` and `xkey`, so that
`electionsite.purge` can remove exactly the pages showing a record when it changes. If a
purge is lost, the shared lifetime is what bounds staleness. Everything else (the admin,
an editor's pages, a response that sets a cookie) is `private, no-store`.

The records a page shows are the ones it reads: while a public request runs, every
instance of a keyed model (those with a permanent address, and sources) that the ORM builds
is noted, at the cost of a function call per instance and no query. A page reading more
than `RECORDS_NAMED_PER_MODEL` of one model is keyed `<model>-any` instead of naming each.

Language: a page's language is in its address (English, or Khmer under /km/), so every
cache's key carries it and no response varies on Accept-Language or Cookie. The surrogate
keys stay the records' (a change purges every edition's copy), plus one `lang-<code>` key per
response for purging a whole edition.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from contextvars import ContextVar

from django.apps import apps
from django.conf import settings
from django.db.models import Model
from django.db.models.signals import post_init
from django.utils.cache import patch_cache_control

from electionsite.cache import DATA_APPS

SITE_KEY = "site"  # on every public response: purging it empties the shared caches
# On pages that any change to the data may alter (search results, the change log, the data
# page and its downloads): every purge names it.
EVERY_CHANGE_KEY = "any-change"
RECORDS_NAMED_PER_MODEL = 40  # keeps the headers under the caches' limits (Fastly: 16 KB)
# A stale page is served while a fresh one is fetched in the background for this long;
# deploy/varnish/site.vcl gives the same grace while the app is healthy.
STALE_WHILE_REVALIDATE = 30
# ...and while the app answers errors or nothing at all, for this long.
STALE_IF_ERROR = 86400
SHORT_LIVED_STATUSES = frozenset({400, 404, 410})  # kept a minute: a record may appear
CACHEABLE_STATUSES = frozenset({200, 301}) | SHORT_LIVED_STATUSES
SURROGATE_KEY_HEADERS = ("Surrogate-Key", "xkey")  # Fastly's, and Varnish's xkey vmod's

_shown: ContextVar[ShownRecords | None] = ContextVar("shown_records", default=None)


def keyed_models() -> list[type[Model]]:
    """Models whose records are named in surrogate keys: those with a permanent address."""
    from results.models import Source
    from results.permalinks import PermanentSlug

    return [
        model
        for label in DATA_APPS
        for model in apps.get_app_config(label).get_models()
        if issubclass(model, PermanentSlug) or model is Source
    ]


def record_key(model: type[Model], pk) -> str:
    return f"{model._meta.model_name}-{pk}"


def any_record_key(model: type[Model]) -> str:
    """On pages showing too many of `model` to name: purged by a change to any of them."""
    return f"{model._meta.model_name}-any"


def table_key(model: type[Model]) -> str:
    """On every page showing some of `model`: purged when one is added or deleted."""
    return model._meta.model_name


class ShownRecords:
    """The keyed records one response shows, noted as the ORM builds them."""

    def __init__(self):
        self.pks: dict[type[Model], set] = defaultdict(set)
        self.extra: set[str] = set()

    def add(self, model: type[Model], pk) -> None:
        if pk is not None:
            self.pks[model].add(pk)

    def keys(self, language: str) -> list[str]:
        keys = [SITE_KEY, f"lang-{language}", *sorted(self.extra)]
        for model, pks in sorted(self.pks.items(), key=lambda item: item[0]._meta.model_name):
            keys.append(table_key(model))
            if len(pks) > RECORDS_NAMED_PER_MODEL:
                keys.append(any_record_key(model))
            else:
                keys.extend(record_key(model, pk) for pk in sorted(pks))
        return keys


def depends_on_every_change() -> None:
    """Mark the response being built as one that any change to the data may alter."""
    shown = _shown.get()
    if shown is not None:
        shown.extra.add(EVERY_CHANGE_KEY)


def every_change_page(view):
    """A view whose pages any change to the data may alter: `depends_on_every_change`."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        depends_on_every_change()
        return view(request, *args, **kwargs)

    return wrapped


def _note_record(sender, instance, **kwargs) -> None:
    shown = _shown.get()
    if shown is not None:
        shown.add(sender, instance.pk)


def connect_record_notes() -> None:
    # Per model: building an instance of any other model costs one dictionary lookup.
    for model in keyed_models():
        post_init.connect(_note_record, sender=model, dispatch_uid=f"shown-{model._meta.label}")


def _public_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(f"/{settings.ADMIN_PATH}")
    )


def _public_response(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code in CACHEABLE_STATUSES
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def make_public(response, keys: list[str]) -> None:
    shared_max_age = settings.PUBLIC_SHARED_MAX_AGE
    if response.status_code in SHORT_LIVED_STATUSES:
        shared_max_age = min(shared_max_age, 60)
    patch_cache_control(
        response,
        public=True,
        max_age=min(settings.PUBLIC_MAX_AGE, shared_max_age),
        s_maxage=shared_max_age,
        stale_while_revalidate=STALE_WHILE_REVALIDATE,
        stale_if_error=STALE_IF_ERROR,
    )
    for header in SURROGATE_KEY_HEADERS:
        response.headers[header] = " ".join(keys)


def make_private(response) -> None:
    patch_cache_control(response, private=True, no_store=True)
    for header in SURROGATE_KEY_HEADERS:
        response.headers.pop(header, None)


class SharedCacheHeadersMiddleware:
    """Cache-Control and surrogate keys for shared caches; static files keep whitenoise's.

    Placed just inside PublicPageCacheMiddleware, so that the app's own cached copy of a
    page carries the same headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = f"/{settings.STATIC_URL.strip('/')}/"

    def __call__(self, request):
        if request.path.startswith(self.static_prefix):
            return self.get_response(request)
        if not _public_request(request):
            response = self.get_response(request)
            make_private(response)
            return response
        shown = ShownRecords()
        token = _shown.set(shown)
        try:
            response = self.get_response(request)
        finally:
            _shown.reset(token)
        if _public_response(response):
            # The page's language, as LanguageFromPathMiddleware (inside this one) set it.
            language = response.get("Content-Language", settings.LANGUAGE_CODE)
            make_public(response, shown.keys(language))
        elif response.status_code < 500:
            make_private(response)
        else:  # an error: no cache keeps it, and a shared cache serves its stale copy
            patch_cache_control(response, no_store=True)
        return response

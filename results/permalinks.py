"""Addresses that last: old slugs redirect, used slugs stay reserved, pages know their age.

Built on django-simple-history: every slug a record ever had is in its history table.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def url_for(viewname: str, *args) -> str:
    """`reverse(viewname, args=args)`, remembered for the life of the process.

    A page links to the same parties and constituencies many times, and reverse() is
    one of the costlier steps of rendering them; the URL patterns never change while
    the process runs. Keyed on the URL conf, script prefix and language (/km/...), which can.
    """
    return _remembered_reverse(
        viewname,
        args,
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
        translation.get_language(),
    )


@lru_cache(maxsize=20_000)
def _remembered_reverse(
    viewname: str, args: tuple, urlconf: str, prefix: str, language: str
) -> str:
    return reverse(viewname, args=args, urlconf=urlconf)


class SlugMoved(Exception):
    """Raised by `get_by_slug` for an old slug; `SlugRedirectMiddleware` answers 301.

    `url` is the record's page; `slug` its slug now, for addresses other than its page
    (the API's).
    """

    def __init__(self, url: str, slug: str):
        super().__init__(url)
        self.url = url
        self.slug = slug


class SlugRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, SlugMoved):
            return moved_permanently(request, exception.url)
        return None


def moved_permanently(request, url: str) -> HttpResponsePermanentRedirect:
    """301 to `url`, keeping the request's query string."""
    query = request.META.get("QUERY_STRING")
    return HttpResponsePermanentRedirect(url + (f"?{query}" if query else ""))


class PermanentSlug(models.Model):
    """A slug that, once used, belongs to its record for good.

    `slug_scope` names the fields within which slugs are unique (e.g. a constituency's
    election); they are matched on the history table by their column names.
    """

    slug_scope: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def _scope_filter(self) -> dict:
        return {f"{name}_id": getattr(self, f"{name}_id") for name in self.slug_scope}

    def clean(self) -> None:
        super().clean()
        if not self.slug:
            return
        used = type(self).history.filter(slug=self.slug, **self._scope_filter()).exclude(id=self.pk)
        if used.exists():
            raise ValidationError(
                {
                    "slug": _(
                        "This address was used by another record and stays reserved for "
                        "it, so that links to that record keep working."
                    )
                }
            )


def get_by_slug(queryset: models.QuerySet, slug: str, **scope):
    """The record with this slug; for a slug it used to have, raise SlugMoved; else 404."""
    try:
        return queryset.get(slug=slug, **scope)
    except queryset.model.DoesNotExist:
        pass
    model = queryset.model
    history_scope = {f"{name}_id": value.pk for name, value in scope.items()}
    old = model.history.filter(slug=slug, **history_scope).order_by("-history_date").first()
    current = model.objects.filter(pk=old.id).first() if old else None
    if current is None:
        raise Http404
    raise SlugMoved(current.get_absolute_url(), current.slug)


def newest_change(*history_querysets: models.QuerySet) -> datetime | None:
    """The latest history_date across the given history querysets, in one query."""
    newest = _history_dates(history_querysets).order_by("-history_date").first()
    return newest["history_date"] if newest else None


def oldest_change(*history_querysets: models.QuerySet) -> datetime | None:
    """The earliest history_date across the given history querysets, in one query."""
    oldest = _history_dates(history_querysets).order_by("history_date").first()
    return oldest["history_date"] if oldest else None


def _history_dates(history_querysets) -> models.QuerySet:
    dates = [qs.order_by().values("history_date") for qs in history_querysets]
    return dates[0].union(*dates[1:], all=True) if len(dates) > 1 else dates[0]

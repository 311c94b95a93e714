"""The two editions: English at the site's original addresses, Khmer under /km/.

A page's language comes from its address alone, never from the browser's Accept-Language or a
cookie: an English address always answers in English (every citation made before the Khmer
edition keeps showing what its author saw), and a shared cache can key pages on the URL
without a Vary on language.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

KHMER = "km"


def language_from_path(path: str) -> str:
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE and (path == f"/{code}" or path.startswith(f"/{code}/")):
            return code
    return settings.LANGUAGE_CODE


class LanguageFromPathMiddleware:
    """Activates the language the address names, and says which in Content-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_from_path(request.path_info)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            # What runs after the request in this thread (a test, a management command in
            # the same process) starts from the default language again.
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response


@dataclass(frozen=True)
class Edition:
    code: str
    name: str
    url: str
    current: bool


def editions(request) -> list[Edition]:
    """The same page in each language; a page with no translation (the admin) has none."""
    here = request.get_full_path()
    current = translation.get_language()
    found = [
        Edition(code, name, translate_url(here, code), code == current)
        for code, name in settings.LANGUAGES
    ]
    if len({edition.url for edition in found}) < len(found):
        return []
    return found


@never_cache
@require_GET
def choose_language(request, code: str):
    """The switcher: remembers the reader's choice in a cookie and goes to the same page in
    that language. Only a page of this site is a destination."""
    if code not in dict(settings.LANGUAGES):
        code = settings.LANGUAGE_CODE
    destination = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        destination, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not destination.startswith("/"):
        destination = "/"
    # The destination is resolved in its own language, then named in the chosen one.
    with translation.override(language_from_path(destination)):
        response = HttpResponseRedirect(translate_url(destination, code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response

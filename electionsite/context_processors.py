from django.conf import settings

from electionsite.i18n import editions


def site(request):
    """The publisher's name, the page's canonical address (no query string) and the same page
    in each language."""
    return {
        "site_name": settings.SITE_NAME,
        "canonical_url": request.build_absolute_uri(request.path),
        "editions": editions(request),
    }

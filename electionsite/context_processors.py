from django.conf import settings


def site(request):
    """The publisher's name and the page's canonical address (no query string)."""
    return {
        "site_name": settings.SITE_NAME,
        "canonical_url": request.build_absolute_uri(request.path),
    }

"""The client's address, for the login lockout (django-axes), behind trusted proxies.

Behind a load balancer every request arrives from the balancer's address, so all editors
would share one lockout. When `DJANGO_TRUSTED_PROXY_HEADER` names the header the proxies
set (`X-Forwarded-For`), the client is the address the outermost of the
`DJANGO_TRUSTED_PROXY_COUNT` proxies saw: that many entries from the right, since each
proxy appends the address it received from and a client can write anything on the left.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    direct = request.META.get("REMOTE_ADDR", "")
    header = settings.TRUSTED_PROXY_HEADER
    if not header:
        return direct
    forwarded = request.META.get(f"HTTP_{header.upper().replace('-', '_')}", "")
    addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
    if len(addresses) < settings.TRUSTED_PROXY_COUNT:
        return direct  # not through the proxies
    candidate = addresses[-settings.TRUSTED_PROXY_COUNT]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return direct

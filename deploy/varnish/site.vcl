vcl 4.1;
# Varnish in front of the site's gunicorn servers: keeps public pages for the shared lifetime
# the app sends (s-maxage), purges them by surrogate key (xkey) when a record changes, and
# serves its stale copies while the app is down (stale-if-error).
#
# Run: varnishd -a :80 -f /path/to/site.vcl -s malloc,1G
# (scripts/accelerator runs it on this machine, with the backend's port and the admin path
# replaced.) The app must be told where to send purges: HTTP_ACCELERATOR_URLS=http://<this>/

import std;
import xkey;

backend site {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    # While the app fails this, cached pages are served however old (up to stale-if-error).
    .probe = {
        .url = "/robots.txt";
        .interval = 1s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
    }
}

# Only the app servers may purge.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "xkey-purge header required"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Invalidated " + req.http.n-gone + " objects"));
    }
    unset req.http.X-Cache;
    unset req.http.X-Identity-Copy;
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # An editor (a session cookie) and the admin are never served from, or stored in, the
    # cache. The cookie's name is Django's SESSION_COOKIE_NAME; the path DJANGO_ADMIN_PATH.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=" || req.url ~ "^/admin/" || req.http.Authorization) {
        return (pass);
    }
    # Every other page is the same for every reader: no cookie reaches the app, so no
    # reader's cookie can shape a page that others are then given. The language is in the
    # URL (/km/ for Khmer), so it is in the cache key already: the browser's Accept-Language
    # is dropped too, and neither header can split a page into copies per reader.
    unset req.http.Cookie;
    unset req.http.Accept-Language;
    # Browsers ask for gzip and are given the copy stored compressed, as it is. A client
    # that does not gets a copy of its own, stored as the app sent it, rather than the
    # compressed one inflated on every request (half the throughput, see docs/performance.md).
    if (req.http.Accept-Encoding !~ "gzip") {
        set req.http.X-Identity-Copy = "1";
    }
    # A stale copy is served while a fresh one is fetched for stale-while-revalidate (the
    # app's STALE_WHILE_REVALIDATE); while the app is down, for as long as it is kept.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 30s;
    }
    return (hash);
}

sub vcl_hash {
    if (req.http.X-Identity-Copy) {
        hash_data("identity");
    }
    # The builtin vcl_hash follows: the URL and the Host.
}

sub vcl_backend_fetch {
    # Varnish asks the app for gzip on every fetch for the cache; not for the identity copy.
    if (bereq.http.X-Identity-Copy) {
        unset bereq.http.X-Identity-Copy;
        unset bereq.http.Accept-Encoding;
    }
}

sub vcl_hit {
    set req.http.X-Cache = "HIT";
}

sub vcl_miss {
    set req.http.X-Cache = "MISS";
}

sub vcl_pass {
    set req.http.X-Cache = "PASS";
}

sub vcl_backend_response {
    # A failed background refresh keeps the stale copy rather than replacing it.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    # Varnish takes the lifetime from s-maxage; stale-if-error sets how long a copy is kept
    # beyond it (served only while the backend is sick, see vcl_recv).
    if (beresp.http.Cache-Control ~ "stale-if-error=\d+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Cache-Control, ".*stale-if-error=(\d+).*", "\1s"), 0s);
    }
    # Keep for conditional refreshes (ETag) beyond that.
    set beresp.keep = 1h;
    # xkey indexes the xkey header; Surrogate-Key is for CDNs, and removed from what
    # Varnish sends (vcl_deliver): not stored, it is not copied on every hit either.
    unset beresp.http.Surrogate-Key;
    # Public text is compressed once, when stored, for the clients that ask for gzip (the
    # identity copy's fetch asks for none). Only what every reader shares: a page that may
    # hold a secret (a CSRF token, an editor's data) is never compressed here (BREACH).
    if (bereq.http.Accept-Encoding ~ "gzip" && !bereq.uncacheable && !beresp.http.Set-Cookie &&
        !beresp.http.Content-Encoding && beresp.http.Cache-Control ~ "(^|,)\s*public" &&
        beresp.http.Content-Type ~ "^(text/|application/(json|xml|atom\+xml|rss\+xml|javascript)|image/svg\+xml)") {
        set beresp.do_gzip = true;
    }
    # The builtin rules follow: nothing with Set-Cookie, private or no-store is kept.
}

sub vcl_deliver {
    set resp.http.X-Cache = req.http.X-Cache;
    # Surrogate keys are for caches, not readers.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}

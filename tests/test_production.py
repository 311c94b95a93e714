"""Caching, conditional requests, security headers, and no 500 whatever the address."""

import time
import uuid

import pytest
from django.core.cache import caches
from django.urls import get_resolver
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from electionsite.cache import data_version
from electionsite.redis_cache import SharedClientRedisCache
from results.models import Party
from tests.test_pages import text

pytestmark = pytest.mark.django_db
REDIS_URL = "redis://127.0.0.1:6379/0"


def test_a_public_page_is_served_from_the_cache_the_second_time(client, django_assert_num_queries):
    client.get("/parties/")
    with django_assert_num_queries(0):
        response = client.get("/parties/")
    assert response.status_code == 200
    assert "Cambodian People's Party" in text(response)


def test_an_edit_is_visible_on_the_next_request(client, django_capture_on_commit_callbacks):
    assert "FUNCINPEC" in text(client.get("/parties/funcinpec/"))
    party = Party.objects.get(slug="funcinpec")
    party.name = "FUNCINPEC (renamed for the test)"
    with django_capture_on_commit_callbacks(execute=True):  # the commit
        party.save()
    assert "FUNCINPEC (renamed for the test)" in text(client.get("/parties/funcinpec/"))
    assert "FUNCINPEC (renamed for the test)" in text(client.get("/parties/"))


def test_the_data_version_changes_when_the_edit_is_committed_not_before(
    django_capture_on_commit_callbacks,
):
    # A page built between the save and the commit would show the old data under the
    # new version, and be served until the next change.
    before = data_version()
    with django_capture_on_commit_callbacks() as commit:
        Party.objects.filter(slug="funcinpec").get().save()
        assert data_version() == before
    for callback in commit:
        callback()
    assert data_version() != before


@pytest.fixture
def redis_cache(settings):
    """The production cache backend on this machine's Redis, under a prefix of its own."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    settings.CACHES = {
        "default": {
            "BACKEND": "electionsite.redis_cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    yield caches["default"]
    caches["default"].clear()


def _within_a_second(read, expected) -> bool:
    deadline = time.monotonic() + 1
    while read() != expected:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.001)
    return True


def test_with_redis_a_process_learns_of_changes_without_asking_on_every_request(
    redis_cache, monkeypatch
):
    from electionsite import cache as page_cache

    reads = []
    read_version = page_cache._read_version
    monkeypatch.setattr(page_cache, "_read_version", lambda: reads.append(1) or read_version())
    watch = page_cache.VersionWatch()
    first = watch.current()
    assert [watch.current() for _ in range(20)] == [first] * 20
    assert len(reads) == 1  # once, when it subscribed

    # Another app server saves a change: announced through Redis, not through this process.
    other_server = SharedClientRedisCache(REDIS_URL, {"KEY_PREFIX": redis_cache.key_prefix})
    other_server.set(page_cache.DATA_VERSION_KEY, "changed elsewhere", None)
    other_server.announce(page_cache.DATA_VERSION_KEY)
    # Redis writes the announcement to this subscriber in the same pass as its answer to
    # the publisher, but the two sockets are written one after the other: on a loaded
    # machine the announcement can arrive a moment after PUBLISH returns.
    assert _within_a_second(watch.current, "changed elsewhere")
    assert len(reads) == 2

    # Announcements made while the subscription is down are lost: after redis-py
    # reconnects, the version is read again.
    watch.subscription.connection.disconnect()
    other_server.set(page_cache.DATA_VERSION_KEY, "changed while disconnected", None)
    assert watch.current() == "changed while disconnected"
    host, port = watch.subscription.connection._sock.getsockname()[:2]
    other_server._cache.get_client().client_kill(f"{host}:{port}")  # Redis drops it
    other_server.set(page_cache.DATA_VERSION_KEY, "changed after Redis dropped it", None)
    assert watch.current() == "changed after Redis dropped it"
    assert watch.current() == "changed after Redis dropped it"

    # If the version is still the one of before (a Redis restored from disk, which may
    # also hold pages stored before a change), the process replaces it.
    watch.subscription.connection.disconnect()
    replaced = watch.current()
    assert replaced == other_server.get(page_cache.DATA_VERSION_KEY)
    assert replaced != "changed after Redis dropped it"


def test_with_redis_holding_pages_each_edition_gets_its_own(redis_cache, client):
    for _ in range(2):
        english = client.get("/provinces/takeo/")
        khmer = client.get("/km/provinces/takeo/")
        assert '<html lang="en">' in english.content.decode()
        assert '<html lang="km">' in khmer.content.decode()
    assert english["Content-Language"] == "en" and khmer["Content-Language"] == "km"
    assert english["ETag"] != khmer["ETag"]


def test_a_repeat_request_with_the_etag_gets_304(client):
    first = client.get("/elections/2024-senate/")
    etag = first["ETag"]
    again = client.get("/elections/2024-senate/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""


def test_editors_with_a_session_are_not_served_cached_pages(client, admin_user):
    client.get("/parties/")
    client.force_login(admin_user)
    party = Party.objects.get(slug="funcinpec")
    Party.objects.filter(pk=party.pk).update(name="Changed without a signal")
    assert "Changed without a signal" in text(client.get("/parties/"))


def test_responses_carry_the_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    cached = client.get("/")
    assert cached["Content-Security-Policy"] == csp


def test_https_settings_send_hsts_and_secure_cookies(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def _routes():
    """Example addresses for every public route, with slugs that exist."""
    return [
        "/",
        "/km/",
        "/km/elections/2024-senate/",
        "/km/provinces/kandal/",
        "/km/observers/compare/",
        "/language/km/",
        "/elections/",
        "/elections/2024-senate/",
        "/elections/2024-senate/region-4/",
        "/provinces/",
        "/provinces/kandal/",
        "/parties/",
        "/parties/funcinpec/",
        "/registered-voters/",
        "/consistency/",
        "/sources/",
        "/observers/",
        "/observers/compare/",
        "/observers/reactions/",
        "/observers/figures/",
        "/observers/statements/sco-observer-mission/",
        "/observers/organisations/anfrel/",
        "/observers/topics/media-freedom/",
        "/observers/feed/",
        "/api/",
        "/api/v1/",
        "/api/v1/elections/",
        "/api/v1/constituencies/",
        "/api/v1/statements/",
        "/api/v1/parties/funcinpec/",
        "/sitemap.xml",
        "/robots.txt",
    ]


def test_every_public_route_is_covered_by_the_fuzzing():
    names = {p.name for p in get_resolver().url_patterns if getattr(p, "name", None)}
    assert {"sitemap", "robots_txt", "statement_feed", "data_download"} <= names


PARAM_NAMES = st.sampled_from(
    ["sort", "page", "as_of", "kind", "verdict", "election", "_export", "_table",
     "seats-sort", "national-page", "page_size", "x", "q"]
)  # fmt: skip
# Values that once gave 500, kept so that their kind stays covered: digits that int()
# refuses, a NUL byte (PostgreSQL refuses it in a query), a time-zone offset beyond
# PostgreSQL's ±15:59.
HOSTILE_VALUES = st.sampled_from(
    [
        "²",
        "1²",
        "٣",
        "\x00",
        "2024-senate\x00",
        "2024-02-25T12:00:00+20:00",
        "2024-02-25T12:00-16:00",
    ]
)
VALUES = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40),
    HOSTILE_VALUES,
)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@example(route="/api/v1/parties/", params={"page": "²"}, suffix="")
@example(route="/api/v1/statements/", params={"page_size": "²"}, suffix="")
@example(route="/api/v1/constituencies/", params={"election": "\x00"}, suffix="")
@example(route="/elections/2024-senate/", params={"as_of": "2024-02-25T12:00+20:00"}, suffix="")
@given(
    route=st.sampled_from(_routes()),
    params=st.dictionaries(PARAM_NAMES, VALUES, max_size=4),
    suffix=st.text(alphabet="abc-_%./0123456789", max_size=12),
)
def test_no_address_or_parameter_gives_a_server_error(client, route, params, suffix):
    assert client.get(route, params).status_code < 500
    assert client.get(route + suffix).status_code < 500


def test_the_per_process_page_copy_is_bounded_and_checked_against_the_version():
    from electionsite.cache import RecentPages

    recent = RecentPages(max_bytes=10)
    recent.put("a", ("v1", b"123456", []))
    recent.put("b", ("v1", b"123456", []))
    assert recent.get("a", "v1") is None  # evicted: the two pages exceed 10 bytes
    assert recent.get("b", "v1") is not None
    assert recent.get("b", "v2") is None  # stored under an older data version

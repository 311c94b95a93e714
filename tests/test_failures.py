"""Failures found by testing the production stack: parts failing, hostile input, pollution.

When a part fails (Redis, PostgreSQL) the site says so plainly and recovers by itself.
"""

import contextlib
import csv
import io
import logging
import socket
import uuid
import zipfile
from datetime import UTC, datetime

import openpyxl
import pytest
import redis
from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.management import call_command
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client
from django.urls import reverse

from electionsite import cache as page_cache
from observers.models import Statement
from results import services as results_services
from results.models import Party, Registration
from results.versions import parse_as_of
from tests.test_admin import registration_form
from tests.test_pages import text

pytestmark = pytest.mark.django_db
LIVE_REDIS = "redis://127.0.0.1:6379/0"


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


DEAD_REDIS = f"redis://127.0.0.1:{_unused_port()}/0"  # nothing listens there


@pytest.fixture
def page_cache_on(settings, monkeypatch):
    """Point the page cache at a Redis (which may not answer), as a fresh process would."""
    monkeypatch.setattr(page_cache, "redis_outage", page_cache.RedisOutage())
    prefix = f"test-{uuid.uuid4().hex}"

    def switch(url: str) -> None:
        page_cache._watch.close()  # a subscription belongs to one server
        settings.CACHES = {
            "default": {
                "BACKEND": "electionsite.redis_cache.SharedClientRedisCache",
                "LOCATION": url,
                "KEY_PREFIX": prefix,
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            }
        }

    yield switch
    page_cache._watch.close()
    with contextlib.suppress(redis.ConnectionError):  # the shared Redis keeps nothing
        live = redis.Redis.from_url(LIVE_REDIS, socket_connect_timeout=1)
        for key in live.scan_iter(f"{prefix}:*"):
            live.delete(key)


@pytest.fixture
def live_redis():
    try:
        redis.Redis.from_url(LIVE_REDIS, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {LIVE_REDIS}")


@pytest.fixture
def connection_attempts(monkeypatch):
    attempts = []
    connect = redis.connection.Connection._connect
    monkeypatch.setattr(
        redis.connection.Connection, "_connect", lambda self: attempts.append(1) or connect(self)
    )
    return attempts


def test_with_redis_down_pages_and_the_api_are_served_uncached_and_the_outage_logged(
    client, page_cache_on, connection_attempts, caplog
):
    page_cache_on(DEAD_REDIS)
    with caplog.at_level(logging.ERROR, logger="electionsite.cache"):
        for _ in range(5):
            assert "Cambodian People's Party" in text(client.get("/parties/"))
            response = client.get("/api/v1/elections/2024-senate/")
            assert response.json()["seats_contested"] == 58
    assert "Redis is unreachable" in caplog.text
    # Redis was asked once, not once per request: the next try waits for the back-off.
    assert len(connection_attempts) <= 2


def test_after_the_back_off_redis_is_tried_again_and_pages_are_cached_again(
    client, page_cache_on, live_redis, settings, django_assert_num_queries
):
    settings.REDIS_RETRY_SECONDS = 0
    page_cache_on(DEAD_REDIS)
    client.get("/parties/")
    page_cache_on(LIVE_REDIS)
    client.get("/parties/")
    with django_assert_num_queries(0):
        assert "Cambodian People's Party" in text(client.get("/parties/"))


@pytest.fixture
def commit_at_once(monkeypatch):
    """Run on-commit work when it is registered, as when the admin's transaction commits
    before its response is sent (the test's own transaction is never committed)."""
    monkeypatch.setattr(
        page_cache.transaction, "on_commit", lambda func, using=None, robust=False: func()
    )


def test_a_save_while_redis_is_down_succeeds_says_so_and_shows_once_redis_is_back(
    client, admin_client, page_cache_on, live_redis, settings, commit_at_once
):
    page_cache_on(LIVE_REDIS)
    assert "Norodom Chakravuth II" not in text(client.get("/parties/funcinpec/"))  # stored

    page_cache_on(DEAD_REDIS)
    registration = Registration.objects.get(
        election__slug="2023-national-assembly", party__slug="funcinpec"
    )
    url = reverse("admin:results_registration_change", args=[registration.pk])
    response = admin_client.post(
        url, registration_form(registration, leader="Norodom Chakravuth II"), follow=True
    )
    assert response.status_code == 200
    page = text(response)
    assert "was changed successfully" in page
    assert "The change is saved. The public pages cannot show it yet" in page
    registration.refresh_from_db()
    assert registration.leader == "Norodom Chakravuth II"

    # Redis is back with the page stored before the save: it is not served as current.
    settings.REDIS_RETRY_SECONDS = 0
    page_cache_on(LIVE_REDIS)
    assert "Norodom Chakravuth II" in text(client.get("/parties/funcinpec/"))


def test_parameters_a_page_does_not_read_store_no_copy_of_it(client, django_assert_num_queries):
    client.get("/parties/")
    stored = len(caches["default"]._cache)
    for n in range(5):
        assert client.get(f"/parties/?n={n}").status_code == 200
    assert len(caches["default"]._cache) == stored


def test_the_parameters_a_page_reads_are_cached_in_any_order(client, django_assert_num_queries):
    url = "/elections/2023-national-assembly/"
    client.get(f"{url}?seats-sort=-seats&national-page=1")
    with django_assert_num_queries(0):
        response = client.get(f"{url}?national-page=1&seats-sort=-seats")
    assert response.status_code == 200


def test_pages_cached_before_https_was_turned_on_are_not_served_after(client, settings):
    assert client.get("/parties/").status_code == 200  # stored over plain HTTP
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    client = Client()  # the server restarted with the new settings
    response = client.get("/parties/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/parties/"
    assert "Strict-Transport-Security" in client.get("/parties/", secure=True)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/parties/?page=%C2%B2",
        "/api/v1/parties/?page_size=%C2%B2",
        "/api/v1/constituencies/?election=%00",
        "/api/v1/statements/?election=2024-senate%00",
        "/elections/2024-senate/?as_of=2024-02-25T12:00:00%2B20:00",
        "/observers/statements/sco-observer-mission/?as_of=2024-02-25T12:00:00-16:00",
    ],
)
def test_hostile_parameters_are_refused_with_400(client, url):
    assert client.get(url).status_code == 400


def test_a_time_zone_offset_postgresql_accepts_is_still_a_version():
    assert parse_as_of("2024-02-25T12:00:00-15:59") == datetime(2024, 2, 26, 3, 59, tzinfo=UTC)


@pytest.mark.parametrize("host", ["evil.example", "bad host!"])
def test_a_host_name_the_site_does_not_serve_is_a_plain_400(host):
    response = Client(raise_request_exception=False).get("/parties/", HTTP_HOST=host)
    assert response.status_code == 400
    assert "does not answer to that host name" in response.content.decode()


@pytest.fixture
def database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')

    return lambda: monkeypatch.setattr(CursorWrapper, "execute", refuse)


def test_with_the_database_down_pages_say_so_with_503_and_cached_pages_are_served(
    client, database_down
):
    assert client.get("/parties/").status_code == 200  # cached before the outage
    database_down()
    reader = Client(raise_request_exception=False)
    assert "Cambodian People's Party" in text(reader.get("/parties/"))

    response = reader.get("/provinces/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "The site is temporarily unavailable" in text(response)
    api = reader.get("/api/v1/parties/funcinpec/")
    assert api.status_code == 503
    assert api["Retry-After"] == "30"
    assert "temporarily unavailable" in api.json()["error"]


def test_the_data_zip_is_built_once_per_data_version(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    exports = []  # two per build: the results files and the observers files
    export = results_services.data_files_export
    monkeypatch.setattr(
        results_services, "data_files_export", lambda *a: exports.append(1) or export(*a)
    )
    first = client.get("/data/cambodia-elections-data.zip").content
    assert client.get("/data/cambodia-elections-data.zip").content == first
    assert len(exports) == 2

    party = Party.objects.get(slug="funcinpec")
    party.name = "FUNCINPEC (renamed for the test)"
    with django_capture_on_commit_callbacks(execute=True):
        party.save()
    changed = client.get("/data/cambodia-elections-data.zip").content
    assert len(exports) == 4
    assert b"FUNCINPEC (renamed for the test)" in changed


FORMULA = '=HYPERLINK("http://example.com/","Click")'


def test_text_that_would_run_as_a_formula_is_neutralised_in_downloads_only(client, tmp_path):
    statement = Statement.objects.get(slug="sco-observer-mission")
    statement.title = FORMULA
    statement.save()
    table = "/observers/?_table=statements&_export="

    rows = list(csv.reader(io.StringIO(client.get(f"{table}csv").content.decode())))
    assert [f"'{FORMULA}"] in [row[:1] for row in rows]
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"{table}xlsx").content)).active
    cells = [row[0] for row in sheet.iter_rows(min_col=1, max_col=1)]
    neutralised = next(cell for cell in cells if FORMULA in str(cell.value))
    assert (neutralised.value, neutralised.data_type) == (f"'{FORMULA}", "s")
    assert FORMULA in [row["Statement"] for row in client.get(f"{table}json").json()]
    assert client.get("/api/v1/statements/sco-observer-mission/").json()["title"] == FORMULA
    statement.refresh_from_db()
    assert statement.title == FORMULA

    archive = zipfile.ZipFile(io.BytesIO(client.get("/data/cambodia-elections-data.zip").content))
    statements = csv.DictReader(io.StringIO(archive.read("observers/statements.csv").decode()))
    assert f"'{FORMULA}" in [row["title"] for row in statements]


def test_the_loader_reads_a_neutralised_cell_back_as_typed(tmp_path):
    typed = ["=1+1", "+1", "-1 vote", "@SUM(A1)", "'=1", "''+2", "'a"]
    parties = list(Party.objects.order_by("pk")[: len(typed)])
    for party, name in zip(parties, typed, strict=True):
        party.name = name
        party.save()
    call_command("export_data", out=tmp_path, verbosity=0)
    for party in parties:
        Party.objects.filter(pk=party.pk).update(name=f"something else {party.pk}")
    results_services.election_data_load(data_dir=tmp_path / "results")
    assert [p.name for p in Party.objects.order_by("pk")[: len(typed)]] == typed


def test_an_api_request_with_an_old_slug_is_redirected_within_the_api(client):
    party = Party.objects.get(slug="khmer-will-party")
    party.slug = "kwp"
    party.save()
    statement = Statement.objects.get(slug="sco-observer-mission")
    statement.slug = "sco-mission-2023"
    statement.save()
    for old, new in (
        ("/api/v1/parties/khmer-will-party/", "/api/v1/parties/kwp/"),
        ("/api/v1/statements/sco-observer-mission/", "/api/v1/statements/sco-mission-2023/"),
    ):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new)
        assert client.get(new).json()["slug"] == new.split("/")[-2]


def test_the_atom_feed_sends_summaries_as_text(client):
    statement = Statement.objects.get(slug="sco-observer-mission")
    statement.summary = "Turnout <b>high</b> & calm"
    statement.save()
    feed = client.get("/observers/feed/").content.decode()
    assert '<summary type="text">Turnout &lt;b&gt;high&lt;/b&gt; &amp; calm</summary>' in feed
    assert 'type="html"' not in feed


def _fail_logins(client, times, **headers):
    for attempt in range(times):
        client.post(
            reverse("admin:login"),
            {"username": f"nobody-{attempt}", "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",  # the load balancer
            **headers,
        )


def test_behind_a_trusted_proxy_each_client_is_locked_out_on_its_own(client, settings):
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_COUNT = 1
    User.objects.create_superuser("editor", password="a-long-password-42")
    _fail_logins(client, 5, HTTP_X_FORWARDED_FOR="198.51.100.7")  # one client, locked out
    other_client = Client()
    response = other_client.post(
        reverse("admin:login"),
        {"username": "editor", "password": "a-long-password-42"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert response.status_code == 302  # signed in
    # A client cannot escape its lockout by writing an address of its own on the left.
    locked = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": "a-long-password-42"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7",
    )
    assert locked.status_code == 429


@pytest.mark.parametrize(("version_now", "replaced"), [("v0", 1), ("v1", 0)])
def test_after_an_outage_a_process_replaces_only_the_version_it_knew_when_redis_failed(
    monkeypatch, version_now, replaced
):
    """A process may learn the new version from another process (announced on the channel)
    before its own back-off ends; replacing that one again would rebuild every page once more,
    so a page cached just before would be missed (seen as 503s with the database down)."""
    replacements = []
    monkeypatch.setattr(page_cache._watch, "version", "v0", raising=False)
    outage = page_cache.RedisOutage()
    outage.trip(redis.ConnectionError("refused"))
    monkeypatch.setattr(page_cache._watch, "version", "v1", raising=False)  # learned since
    monkeypatch.setattr(page_cache, "_read_version", lambda: version_now)
    monkeypatch.setattr(page_cache, "_replace_version", lambda: replacements.append(1))
    outage.retry_at = 0
    assert outage.call(lambda: "answered") == "answered"
    assert len(replacements) == replaced


def test_after_an_outage_a_process_that_knew_no_version_replaces_the_one_it_finds(monkeypatch):
    """A worker that had served nothing before Redis failed knew no version: the one Redis
    comes back with may be restored from disk, with pages stored before an edit made
    during the outage, so it is replaced."""
    replacements = []
    monkeypatch.setattr(page_cache._watch, "version", None, raising=False)
    outage = page_cache.RedisOutage()
    outage.trip(redis.ConnectionError("refused"))
    monkeypatch.setattr(page_cache, "_read_version", lambda: "restored from disk")
    monkeypatch.setattr(page_cache, "_replace_version", lambda: replacements.append(1))
    outage.retry_at = 0
    assert outage.call(lambda: "answered") == "answered"
    assert replacements == [1]

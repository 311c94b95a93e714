"""Headers for shared caches (Varnish, a CDN), surrogate keys, and purges when data changes."""

import logging
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from electionsite import purge
from observers.models import Topic
from results.models import Constituency, ConstituencyResult, Party, Province

pytestmark = pytest.mark.django_db


VCL = Path(__file__).resolve().parent.parent / "deploy" / "varnish" / "site.vcl"


def keys(response) -> set[str]:
    return set(response["xkey"].split())


class RecordingAccelerator(BaseHTTPRequestHandler):
    """Answers PURGE requests as Varnish's site.vcl does, noting the keys asked for."""

    def do_PURGE(self):
        self.server.purges.append(self.headers["xkey-purge"])
        failing = self.server.failures_left > 0
        self.server.failures_left -= 1
        self.send_response(503 if failing else 200)
        self.end_headers()

    def log_message(self, *args):
        pass


def start_accelerator(failures: int = 0) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), RecordingAccelerator)
    server.purges, server.failures_left = [], failures
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def accelerators(settings):
    servers = [start_accelerator(), start_accelerator()]
    settings.HTTP_ACCELERATORS = [f"http://127.0.0.1:{s.server_port}/" for s in servers]
    yield servers
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def nothing_pending(monkeypatch):
    monkeypatch.setattr(purge, "RETRY_DELAYS", (0.05, 0.05))
    purge._pending.keys = set()


def saved_with_commit(record, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record.save()


def test_a_public_page_may_be_kept_by_shared_caches_for_the_configured_lifetime(client, settings):
    settings.PUBLIC_SHARED_MAX_AGE = 900
    cache_control = client.get("/parties/")["Cache-Control"].split(", ")
    assert set(cache_control) == {
        "public",
        "max-age=60",
        "s-maxage=900",
        "stale-while-revalidate=30",
        "stale-if-error=86400",
    }


def test_a_public_page_is_the_same_for_every_reader_so_it_varies_on_nothing(client):
    # A CDN keeps one copy per value of each header named in Vary; Cookie would mean one
    # per reader. The language is in the URL (/km/), so none is needed for it (see README).
    assert "Vary" not in client.get("/parties/")


def test_each_edition_has_its_own_address_so_caches_need_no_vary_on_language(client):
    english = client.get("/parties/", headers={"accept-language": "km"})
    khmer = client.get("/km/parties/", headers={"accept-language": "en"})
    assert english["Content-Language"] == "en"
    assert khmer["Content-Language"] == "km"
    assert "Vary" not in english
    assert "Vary" not in khmer
    # One purge of a record clears both editions' copies; lang-km clears a whole edition.
    assert keys(english) - {"lang-en"} == keys(khmer) - {"lang-km"}
    assert "lang-km" in keys(khmer)


def test_a_missing_page_is_kept_by_shared_caches_for_a_minute_at_most(client):
    response = client.get("/parties/no-such-party/")
    assert response.status_code == 404
    assert "s-maxage=60" in response["Cache-Control"]


def test_a_party_page_names_the_party_in_its_surrogate_keys(client):
    funcinpec = Party.objects.get(slug="funcinpec")
    response = client.get("/parties/funcinpec/")
    assert {"site", "party", f"party-{funcinpec.pk}"} <= keys(response)
    assert response["Surrogate-Key"] == response["xkey"]


def test_the_sources_page_names_no_party(client):
    assert not any(key.startswith("party") for key in keys(client.get("/sources/")))


def test_a_page_showing_many_statements_is_keyed_by_any_statement(client, settings):
    response = client.get("/observers/")
    assert "statement-any" in keys(response) or "statement-1" in keys(response)
    assert len(response["xkey"]) < 8000


def test_the_app_cache_serves_a_page_with_its_keys_and_shared_lifetime(
    client, django_assert_num_queries
):
    first = client.get("/provinces/takeo/")
    with django_assert_num_queries(0):
        again = client.get("/provinces/takeo/")
    assert again["xkey"] == first["xkey"]
    assert again["Cache-Control"] == first["Cache-Control"]


def test_an_editor_gets_private_pages_that_no_cache_keeps(admin_client):
    response = admin_client.get("/parties/funcinpec/")
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "xkey" not in response
    assert "Surrogate-Key" not in response


def test_the_admin_login_page_is_private(client):
    response = client.get("/admin/login/")
    assert "private" in response["Cache-Control"]
    assert "xkey" not in response


def test_renaming_a_party_purges_its_pages_at_every_accelerator_when_committed(
    accelerators, django_capture_on_commit_callbacks
):
    party = Party.objects.get(slug="funcinpec")
    party.name = "FUNCINPEC renamed"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        party.save()
    assert all(server.purges == [] for server in accelerators)  # not before the commit
    for callback in callbacks:
        callback()
    for server in accelerators:
        assert server.purges == [f"any-change party-{party.pk} party-any"]


def test_a_changed_result_purges_the_pages_of_its_constituency_party_and_source(
    accelerators, django_capture_on_commit_callbacks
):
    result = ConstituencyResult.objects.first()
    result.votes = (result.votes or 0) + 1
    saved_with_commit(result, django_capture_on_commit_callbacks)
    assert set(accelerators[0].purges[0].split()) == {
        "any-change",
        f"constituency-{result.constituency_id}",
        "constituency-any",
        f"party-{result.party_id}",
        "party-any",
        f"source-{result.source_id}",
        "source-any",
    }


def test_a_new_topic_purges_every_page_listing_topics(
    accelerators, django_capture_on_commit_callbacks
):
    topic = Topic(name="Postal voting", slug="postal-voting", position=99)
    saved_with_commit(topic, django_capture_on_commit_callbacks)
    assert "topic" in accelerators[0].purges[0].split()


def test_linking_a_province_to_a_constituency_purges_the_pages_of_both(
    accelerators, django_capture_on_commit_callbacks
):
    constituency = Constituency.objects.first()
    province = Province.objects.exclude(constituencies=constituency).first()
    with django_capture_on_commit_callbacks(execute=True):
        constituency.provinces.add(province)
    purged = set(accelerators[0].purges[0].split())
    assert {f"constituency-{constituency.pk}", f"province-{province.pk}"} <= purged


def test_a_transaction_sends_one_purge_however_many_records_it_changes(
    accelerators, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for party in Party.objects.all()[:3]:
            party.save()
    assert len(accelerators[0].purges) == 1
    assert len(accelerators[0].purges[0].split()) == 5  # three parties, party-any, any-change


def test_a_purge_of_very_many_keys_purges_everything(accelerators):
    purge.purge({f"party-{n}" for n in range(500)})
    assert accelerators[0].purges == ["site"]


def test_a_failed_purge_is_logged_and_retried_and_the_save_succeeds(
    settings, django_capture_on_commit_callbacks, caplog
):
    failing = start_accelerator(failures=1)
    settings.HTTP_ACCELERATORS = [f"http://127.0.0.1:{failing.server_port}/"]
    party = Party.objects.get(slug="funcinpec")
    party.name = "Saved while the accelerator fails"
    with caplog.at_level(logging.WARNING, logger="electionsite.purge"):
        saved_with_commit(party, django_capture_on_commit_callbacks)
        for thread in threading.enumerate():
            if thread.name == "purge-retry":
                thread.join(5)
    failing.shutdown()
    failing.server_close()
    assert Party.objects.get(pk=party.pk).name == "Saved while the accelerator fails"
    assert failing.purges == [f"any-change party-{party.pk} party-any"] * 2  # failed, then retried
    assert "Purge of" in caplog.text and "failed" in caplog.text


def test_an_unreachable_accelerator_never_fails_the_save_and_is_reported(
    settings, django_capture_on_commit_callbacks, caplog
):
    settings.HTTP_ACCELERATORS = ["http://127.0.0.1:9/"]  # nothing listens on port 9
    party = Party.objects.get(slug="funcinpec")
    with caplog.at_level(logging.WARNING, logger="electionsite.purge"):
        saved_with_commit(party, django_capture_on_commit_callbacks)
        for thread in threading.enumerate():
            if thread.name == "purge-retry":
                thread.join(5)
    assert "Gave up purging" in caplog.text


@pytest.mark.skipif(shutil.which("varnishd") is None, reason="Varnish is not installed")
def test_pages_any_change_may_alter_are_purged_by_every_change(
    client, accelerators, django_capture_on_commit_callbacks
):
    for path in ("/search/?q=takeo", "/changes/", "/data/", "/api/v1/search/?q=takeo"):
        assert "any-change" in keys(client.get(path)), path
    assert "any-change" not in keys(client.get("/parties/funcinpec/"))
    topic = Topic.objects.first()
    topic.question = "Reworded"
    with django_capture_on_commit_callbacks(execute=True):
        topic.save()
    assert "any-change" in accelerators[0].purges[0].split()


def test_the_shipped_vcl_compiles(tmp_path):
    tmp_path.chmod(0o755)  # varnishd compiles as its own unprivileged user
    compiled = subprocess.run(
        ["varnishd", "-C", "-n", str(tmp_path), "-f", str(VCL)], capture_output=True, text=True
    )
    assert compiled.returncode == 0, compiled.stderr

"""Configuration comes from the environment, with safe defaults."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.utils import get_random_secret_key
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_site_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_check()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_the_site_starts_with_a_secret_key_and_debug_off():
    result = run_check(DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr


def test_debug_is_off_unless_asked_for(settings):
    assert settings.DEBUG is False


@pytest.mark.django_db
def test_pages_link_hashed_compressed_css_after_collectstatic(tmp_path, client):
    production_storage = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=production_storage):
        call_command("collectstatic", interactive=False, verbosity=0)
        html = client.get("/").content.decode()
    css = [p for p in (tmp_path / "css").iterdir() if p.name.startswith("site.")]
    hashed = next(p.name for p in css if p.suffix == ".css" and p.name != "site.css")
    assert f"/static/css/{hashed}" in html
    assert (tmp_path / "css" / f"{hashed}.gz").exists()


def test_the_site_refuses_to_start_without_allowed_hosts_when_debug_is_off():
    result = run_check(DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_the_deploy_checks_pass_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SECRET_KEY": get_random_secret_key(),
            "DJANGO_ALLOWED_HOSTS": "elections.example.org",
            "DJANGO_HTTPS": "1",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_redis_cache_builds_one_client_per_pool_not_one_per_operation():
    from electionsite.redis_cache import SharedClientRedisCache

    # No connection is opened: clients and pools connect on their first command.
    cache = SharedClientRedisCache("redis://127.0.0.1:6379/0", {"KEY_PREFIX": "test"})
    first = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=True) is first
    assert cache._cache.get_client() is first  # one server: reads use the same pool


def print_secret_key(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SECRET_KEY)"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "electionsite.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_debug_mode_keeps_one_local_secret_key_across_restarts(tmp_path):
    key_file = tmp_path / "dev-key"
    first = print_secret_key(DJANGO_DEBUG="1", DJANGO_DEV_SECRET_KEY_FILE=str(key_file))
    second = print_secret_key(DJANGO_DEBUG="1", DJANGO_DEV_SECRET_KEY_FILE=str(key_file))
    assert first.returncode == 0, first.stderr
    assert len(first.stdout.strip()) >= 50
    assert first.stdout == second.stdout
    assert key_file.read_text().strip() == first.stdout.strip()
    assert key_file.stat().st_mode & 0o077 == 0


def test_production_never_reads_the_local_development_key(tmp_path):
    key_file = tmp_path / "dev-key"
    key_file.write_text("a-local-key-" * 5)
    result = run_check(DJANGO_DEV_SECRET_KEY_FILE=str(key_file), DJANGO_ALLOWED_HOSTS="x.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_the_local_development_key_file_is_ignored_by_git():
    assert "/.dev-secret-key" in (ROOT / ".gitignore").read_text().splitlines()

"""The Khmer catalogue: every marked string translated, and what the site loads is current.

The compiled catalogue (django.mo) is committed, so that a fresh clone serves Khmer with
nothing but Python; these tests fail when it falls behind its source (django.po), and when a
string marked for translation in the code or templates is missing from the catalogue
(`make messages` brings both up to date; extracting needs GNU gettext).
"""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "km" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_0-9]*\}")


def catalogue() -> polib.POFile:
    return polib.pofile(str(PO))


def test_every_string_has_a_khmer_translation_that_is_not_fuzzy():
    untranslated = [entry.msgid for entry in catalogue().untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue().fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} strings have no Khmer: {untranslated[:10]}"
    assert not fuzzy, f"{len(fuzzy)} Khmer translations are marked fuzzy: {fuzzy[:10]}"


def test_every_translation_keeps_the_placeholders_of_its_english():
    wrong = []
    for entry in catalogue().translated_entries():
        translations = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
        for text in translations:
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(entry.msgid)):
                wrong.append(entry.msgid)
    assert not wrong, f"placeholders differ in: {wrong[:10]}"


def test_the_compiled_catalogue_is_current():
    with MO.open("rb") as compiled:
        loaded = gettext.GNUTranslations(compiled)._catalog
    for entry in catalogue().translated_entries():
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            assert loaded.get((key, 0)) == entry.msgstr_plural[0], (
                f"django.mo is stale ({entry.msgid!r}): run `make messages`"
            )
        else:
            assert loaded.get(key) == entry.msgstr, (
                f"django.mo is stale ({entry.msgid!r}): run `make messages`"
            )


def test_every_marked_string_is_in_the_catalogue(tmp_path):
    if not shutil.which("xgettext"):
        pytest.fail(
            "GNU gettext (xgettext) is needed to check the catalogue: apt-get install gettext"
        )
    for name in ("manage.py", "electionsite", "results", "observers", "templates", "locale"):
        source = ROOT / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(
            source,
            tmp_path / name,
            **({"ignore": shutil.ignore_patterns("data")} if source.is_dir() else {}),
        )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "km", "--no-location", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SECRET_KEY": "check",
            "DJANGO_ALLOWED_HOSTS": "localhost",
        },
    )
    extracted = {(e.msgctxt, e.msgid) for e in polib.pofile(str(tmp_path / PO.relative_to(ROOT)))}
    present = {(e.msgctxt, e.msgid) for e in catalogue() if not e.obsolete}
    missing = sorted(msgid for _context, msgid in extracted - present)
    assert not missing, (
        f"{len(missing)} marked strings are not in the catalogue (run `make messages`): "
        f"{missing[:10]}"
    )

"""The Nu HTML Checker (vnu) finds no errors in any page type's HTML, as the server sends it."""

import json
import shutil
import subprocess

import pytest

from .support import PAGE_PATHS, VNU_JAR, fetch, page_id


def file_name(path: str) -> str:
    return page_id(path).replace("/", "__") + ".html"


@pytest.fixture(scope="module")
def vnu_errors(base_url, tmp_path_factory) -> dict[str, list[str]]:
    """Every page saved to a temporary folder and checked in one run of vnu: errors by path.

    A page the server would not send is reported as that page's error, not every page's.
    """
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: run `npm ci --ignore-scripts`"
    java = shutil.which("java")
    assert java, "java is missing: apt-get install default-jre-headless"
    folder = tmp_path_factory.mktemp("vnu")
    errors: dict[str, list[str]] = {path: [] for path in PAGE_PATHS}
    files = {}
    for path in PAGE_PATHS:
        try:
            html = fetch(base_url + path)
        except AssertionError as error:
            errors[path].append(f"not checked: {error}")
            continue
        target = folder / file_name(path)
        target.write_text(html, encoding="utf-8")
        files[target.name] = path
    if not files:
        return errors
    command = [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--stdout"]
    run = subprocess.run(
        [*command, *(str(folder / name) for name in files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        messages = json.loads(run.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu gave no JSON (exit {run.returncode}):\n{run.stdout}\n{run.stderr}")
    for message in messages:
        name = message.get("url", "").rsplit("/", 1)[-1]
        if name not in files:
            pytest.fail(f"vnu could not check a file: {message}")
        errors[files[name]].append(
            f"line {message.get('lastLine', '?')}, column {message.get('firstColumn', '?')}: "
            f"{message.get('message', '')}\n    {message.get('extract', '').strip()!r}"
        )
    return errors


@pytest.mark.parametrize("path", PAGE_PATHS, ids=page_id)
def test_vnu_finds_no_errors(vnu_errors, path):
    errors = vnu_errors[path]
    if errors:
        pytest.fail(
            f"{len(errors)} HTML error(s) on {path}:\n" + "\n".join(f"- {e}" for e in errors)
        )

"""The Nu HTML Checker (vnu) finds no errors in any page type's HTML, as the server sends it."""

import json
import shutil
import subprocess

import pytest

from .support import PAGE_PATHS, VNU_JAR, fetch, page_id


def file_name(path: str) -> str:
    return page_id(path).replace("/", "__") + ".html"


@pytest.fixture(scope="module")
def vnu_errors(base_url, tmp_path_factory) -> dict[str, list[dict]]:
    """Every page saved to a temporary folder and checked in one run of vnu: errors by path."""
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: run `npm ci --ignore-scripts`"
    java = shutil.which("java")
    assert java, "java is missing: apt-get install default-jre-headless"
    folder = tmp_path_factory.mktemp("vnu")
    files = {}
    for path in PAGE_PATHS:
        target = folder / file_name(path)
        target.write_text(fetch(base_url + path), encoding="utf-8")
        files[target.name] = path
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
    errors: dict[str, list[dict]] = {path: [] for path in PAGE_PATHS}
    for message in messages:
        name = message.get("url", "").rsplit("/", 1)[-1]
        if name not in files:
            pytest.fail(f"vnu could not check a file: {message}")
        errors[files[name]].append(message)
    return errors


@pytest.mark.parametrize("path", PAGE_PATHS, ids=page_id)
def test_vnu_finds_no_errors(vnu_errors, path):
    errors = vnu_errors[path]
    if errors:
        lines = [f"{len(errors)} HTML error(s) on {path}:"]
        for e in errors:
            lines.append(
                f"- line {e.get('lastLine', '?')}, column {e.get('firstColumn', '?')}: "
                f"{e.get('message', '')}\n    {e.get('extract', '').strip()!r}"
            )
        pytest.fail("\n".join(lines))

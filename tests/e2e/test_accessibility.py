"""axe-core's default rules find nothing on any page type."""

import pytest

from .support import AXE_JS, PAGE_PATHS, open_page, page_id

RUN_AXE_JS = """async () => {
  const results = await axe.run(document);
  return results.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html})),
  }));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    assert AXE_JS.is_file(), f"{AXE_JS} is missing: run `npm ci --ignore-scripts`"
    return AXE_JS.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", PAGE_PATHS, ids=page_id)
def test_axe_finds_no_violations(desktop_page, axe_source, base_url, path):
    open_page(desktop_page, base_url + path)
    desktop_page.add_script_tag(content=axe_source)
    violations = desktop_page.evaluate(RUN_AXE_JS)
    if violations:
        lines = [f"{len(violations)} axe violation(s) on {path}:"]
        for v in violations:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
            for node in v["nodes"][:10]:
                lines.append(f"    {node['target']}: {node['html'][:200]}")
            if len(v["nodes"]) > 10:
                lines.append(f"    ... and {len(v['nodes']) - 10} more")
        pytest.fail("\n".join(lines))


RUN_CONTRAST_JS = """async () => {
  const results = await axe.run(document, {runOnly: ['color-contrast']});
  return results.violations.flatMap(
    v => v.nodes.map(n => n.target.join(' ') + ': ' + n.html.slice(0, 120)));
}"""


@pytest.mark.parametrize("path", PAGE_PATHS, ids=page_id)
def test_dark_mode_colours_pass_axe_contrast(dark_page, axe_source, base_url, path):
    open_page(dark_page, base_url + path)
    assert dark_page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    dark_page.add_script_tag(content=axe_source)
    failing = dark_page.evaluate(RUN_CONTRAST_JS)
    assert not failing, f"{path}: low contrast in dark mode:\n  " + "\n  ".join(failing[:10])

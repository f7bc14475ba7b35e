"""axe-core finds no serious or critical accessibility problem on any sample page."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import Browse
from tests.browser.sample_pages import PAGES, SCREENS, SamplePage, Screen

BLOCKING_IMPACTS = {"serious", "critical"}
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    # axe leaves WCAG 2.2's target-size rule off by default; links that patients tap
    # on a phone are what these pages are for, so turn it on.
    "rules": {"target-size": {"enabled": True}},
}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()  # bundles axe.min.js: no network needed


def describe(violation: dict[str, Any]) -> str:
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
    return (
        f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
        f"  {violation['helpUrl']}\n" + "".join(f"  - {target}\n" for target in targets)
    )


@pytest.mark.parametrize("screen", SCREENS, ids=str)
@pytest.mark.parametrize("sample", PAGES, ids=str)
def test_no_serious_accessibility_violations(
    browse: Browse, axe: Axe, sample: SamplePage, screen: Screen
) -> None:
    visit = browse(sample, screen)
    violations = axe.run(visit.tab, options=AXE_OPTIONS).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe on {sample.path} at {screen.width}px:\n" + "".join(
        map(describe, blocking)
    )

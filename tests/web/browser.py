"""Playwright (sync API) driving Debian's Chromium, as ../shared/DESIGN.md prescribes, and the screenshot
helper: each main page at 1920×1080 and 1366×768 into screenshots/ (git-ignored)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
SIZES = ((1920, 1080), (1366, 768))

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    profile = tempfile.mkdtemp(prefix="baocao-chromium-")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            args=FLAGS,
            headless=True,
            viewport={"width": 1366, "height": 768},
            accept_downloads=True,
        )
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


def shoot(page: sync_api.Page, name: str) -> None:
    """Screenshots of the page as it is, at both sizes (full page), then back to the smaller size;
    and the page must have no serious accessibility violation (axe-core)."""
    problems = accessibility_problems(page)
    assert not problems, f"{name}: {problems}"
    SCREENSHOTS.mkdir(exist_ok=True)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}x{height}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def accessibility_problems(page: sync_api.Page) -> list[str]:
    """axe-core (from npm) run in the page: the serious and critical violations, as text.

    ``evaluate`` goes through the DevTools protocol, which the page's CSP does not block, so the page
    is checked exactly as served (no CSP bypass)."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci)")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations.map(v => ({
            id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 3)
        }))"""
    )
    return [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in violations if v["impact"] in SERIOUS]

"""The SPO's journey on the default day in a real browser (Debian's chromium through
Playwright), every page checked with axe-core, and the refusals a browser can meet.

Skipped, with the reason, when /usr/bin/chromium or Playwright is absent; .ci/run installs
both (and axe-core from npm). With ALLOCATOR_WEB_SCREENSHOTS=DIR the main pages are saved as
PNG files there (docs/web/ holds the ones docs/web.md shows).
"""

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, SERIOUS, axe_path, running
from tests.web.support import PASSWORD, PDU, Service, make_service

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"
)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
SHOTS = os.environ.get("ALLOCATOR_WEB_SCREENSHOTS")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Service]]:
    """The service on a fresh database, listening on 127.0.0.1."""
    service = make_service(tmp_path)
    with running(service.app) as url:
        yield url, service


@pytest.fixture
def debian_chromium() -> Iterator[object]:
    """Headless chromium from the Debian package."""
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _context(browser: object) -> object:
    # axe is injected as a script, which the service's own CSP (script-src 'self') would block
    return browser.new_context(
        bypass_csp=True, accept_downloads=True, viewport={"width": 1280, "height": 900}
    )


class Checked:
    """A page wrapper that runs axe-core on every page it lands on and saves screenshots."""

    def __init__(self, page: object) -> None:
        self.page = page
        self.axe = axe_path()
        self.problems: dict[str, list[str]] = {}

    def check(self, name: str) -> None:
        """Record serious or critical axe violations of the page now shown; save a screenshot."""
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)
        if self.axe is None:
            return
        self.page.add_script_tag(path=str(self.axe))
        found = self.page.evaluate(SERIOUS)
        if found:
            self.problems[name] = found


def _sign_in(page: object, url: str, name: str) -> None:
    page.goto(f"{url}/sign-in")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")


def test_the_spos_journey_on_the_default_day(
    site: tuple[str, Service], debian_chromium: object
) -> None:
    """Sign in, list, open a case, choose from the sorted table, open the proposed practitioner's
    overview, override with a reason, reject one, re-solve, see what changed, download the oversight record and check the audit; axe
    finds no serious or critical violation on any of these pages."""
    url, _ = site
    page = _context(debian_chromium).new_page()
    c = Checked(page)
    page.goto(f"{url}/sign-in")
    c.check("sign-in")
    _sign_in(page, url, "spo")
    assert page.url.endswith(f"/pdus/{PDU}/cases")
    assert page.locator(".app-marking").inner_text() == "OFFICIAL-SENSITIVE"
    assert page.locator("tbody tr").count() == len(site[1].config.scenario.cases)
    c.check("cases")

    page.locator("tbody tr a").first.click()
    assert page.locator("h2:has-text('How the tier was reached')").is_visible()
    c.check("case")
    page.click("text=Choose a practitioner")
    page.click("th a:has-text('Workload now')")
    assert "sort=now" in page.url
    assert page.locator("th[aria-sort='ascending']").first.inner_text().strip() == "Workload now"
    c.check("choose")

    # the proposed practitioner's overview, from the table, and back
    proposed_row = page.locator("tbody tr", has=page.locator(".govuk-tag--green")).first
    proposed_name = proposed_row.locator("a[href*='/practitioners/']").inner_text().strip()
    proposed_row.locator("a[href*='/practitioners/']").click()
    assert page.locator("h1").inner_text().strip() == proposed_name
    assert page.locator("#today-lines tbody tr").count() >= 1
    c.check("practitioner")
    page.go_back()

    # override to an eligible practitioner who is not the proposed one
    page.check("#action-override")
    row = page.locator("tbody tr", has_not=page.locator(".govuk-tag--green")).first
    chosen = row.locator("td").nth(1).inner_text().split("\n")[0].strip()
    row.locator("input[type=radio]").check()
    page.fill("#reason", "She supervised him on his last order.")
    page.select_option("#reason_code", "other")
    page.click("button:has-text('Record decision')")
    assert "recorded" in page.locator(".govuk-notification-banner").inner_text()
    assert page.locator(f"td:has-text('Overridden to {chosen}')").count() == 1
    c.check("proposal")

    # reject the next open line
    page.locator("tbody tr:has(td:text-is('Open')) a").first.click()
    page.check("#action-reject")
    page.fill("#reason", "He leaves the team next week.")
    page.click("button:has-text('Record decision')")
    assert "rejected" in page.locator(".govuk-notification-banner").inner_text()

    page.click("button:has-text('Re-solve around the decisions')")
    assert page.locator("h1").inner_text().startswith("What changed")
    assert page.locator("td:has-text('Rejected by spo')").count() == 1
    c.check("changes")

    page.goto(f"{url}/pdus/{PDU}/oversight")
    c.check("oversight")
    with page.expect_download() as info:
        page.click("text=Download as CSV")
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text())))
    assert [r["decision"] for r in rows] == ["override", "reject"]
    assert all(r["decided_by"] == "spo" for r in rows)

    page.goto(f"{url}/audit")
    assert page.locator(".govuk-panel__title").inner_text() == "Chain verified"
    assert len(page.locator("#head-hash").inner_text()) == 64
    c.check("audit")

    page.goto(f"{url}/upload")
    c.check("upload")
    assert not c.problems, c.problems


def test_the_refusals_a_browser_meets(site: tuple[str, Service], debian_chromium: object) -> None:
    """A missing reason shows the error summary; a forged form (wrong CSRF token) records
    nothing; a decision on a superseded version points to the current one; an SPO of another
    PDU is told the PDU is not theirs. axe checks the error pages too."""
    url, _ = site
    ctx = _context(debian_chromium)
    page = ctx.new_page()
    c = Checked(page)
    _sign_in(page, url, "spo")
    page.goto(f"{url}/pdus/{PDU}/proposal")
    page.locator("tbody tr a").first.click()
    choose_url = page.url

    page.check("#action")
    page.click("button:has-text('Record decision')")
    summary = page.locator(".govuk-error-summary")
    assert "Enter the reason for your decision" in summary.inner_text()
    c.check("choose-error")

    page.goto(choose_url)
    page.check("#action")
    page.fill("#reason", "Agreed.")
    page.locator("form[action$='/decision'] input[name=csrf_token]").evaluate(
        "input => { input.value = 'forged'; }"
    )
    page.click("button:has-text('Record decision')")
    assert page.locator("h1").inner_text() == "The form has expired"
    c.check("csrf")

    # tab A has the form open; tab B re-solves; tab A's decision is refused
    page.goto(choose_url)
    other = ctx.new_page()
    other.goto(f"{url}/pdus/{PDU}/proposal")
    other.click("button:has-text('Re-solve around the decisions')")
    page.check("#action")
    page.fill("#reason", "Agreed.")
    page.click("button:has-text('Record decision')")
    assert page.locator("h1").inner_text() == "This version has been superseded"
    page.click("text=Continue")
    assert "superseded" not in page.locator("main").inner_text()
    c.check("superseded")

    stranger = debian_chromium.new_context(bypass_csp=True).new_page()
    _sign_in(stranger, url, "other")
    stranger.goto(f"{url}/pdus/{PDU}/cases")
    assert stranger.locator("h1").inner_text() == "You do not have access to this PDU"
    assert "SYN0" not in stranger.locator("main").inner_text()
    assert not c.problems, c.problems


def test_the_planners_journey_compares_two_options(
    site: tuple[str, Service], debian_chromium: object, tmp_path: Path
) -> None:
    """A planner follows the navigation to the restructure page, sends a change file with a
    mistake and is shown the error summary naming the file and key, then sends the two
    bundled change files and gets the report with its charts. axe checks the service's pages."""
    url, _ = site
    changes = Path(__file__).resolve().parents[2] / "scenarios" / "changes"
    page = _context(debian_chromium).new_page()
    c = Checked(page)
    _sign_in(page, url, "planner")
    page.click("text=Compare restructure options")
    c.check("plans")
    broken = tmp_path / "broken-option.toml"
    broken.write_text('name = "x"\nperiods = "amber"\n', encoding="utf-8")
    page.set_input_files("#changes", [str(broken)])
    page.click("button:has-text('Compare options')")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "broken-option.toml" in summary and "periods" in summary
    c.check("plans-error")
    page.set_input_files("#changes", [str(p) for p in sorted(changes.glob("*.toml"))])
    page.click("button:has-text('Compare options')")
    page.wait_for_selector("svg", timeout=120_000)
    body = page.locator("body").inner_text()
    assert "A: strengthen POD 2" in body and "B: open POD 5" in body
    assert not c.problems, c.problems


def test_axe_core_is_there_for_the_accessibility_check() -> None:
    """The journey's accessibility check needs axe.min.js from npm (.ci/run installs it)."""
    if axe_path() is None:
        pytest.skip("axe-core is not installed: npm install --prefix .venv/axe axe-core@4.14.1")
    assert axe_path().read_text(encoding="utf-8").lstrip().startswith("/*")

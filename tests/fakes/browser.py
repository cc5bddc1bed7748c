"""Headless Chromium for the review-page tests, driven by Playwright's Python package.

The browser is Debian's ``chromium`` (installed by scripts/bootstrap.sh), launched by path: nothing
downloads a browser at test time. Every request the page makes, and every request its Content
Security Policy refused, is recorded so a test can assert that the page used the network not once.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Recorded inside the page: the policy's refusals (a request the page tried and the browser blocked).
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => window.__violations.push(event.blockedURI || event.violatedDirective));
"""


def chromium_executable() -> str:
    """The system Chromium; the tests fail (not skip) without it, since CI installs it."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Chromium is not installed: scripts/bootstrap.sh installs it (apt-get install chromium)")


def launch(playwright):
    # Chromium refuses to start its sandbox as root (CI containers run as root).
    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    return playwright.chromium.launch(executable_path=chromium_executable(), args=args)


@dataclass
class Opened:
    """A review page opened in a fresh context, with what it asked of the network."""

    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def external_requests(self) -> list[str]:
        """Requests for anything but the page file itself and inline data (data:, blob:)."""
        own = self.page.url
        return [url for url in self.requests if url != own and not url.startswith(("data:", "blob:"))]

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__violations")


def open_page(browser, path: Path, *, viewport=(1400, 900)) -> Opened:
    """Open ``path`` from disk in a new context that accepts downloads and blocks every network request."""
    context = browser.new_context(accept_downloads=True, viewport={"width": viewport[0], "height": viewport[1]})
    # Anything that is not the file itself is aborted; the listener below still records the attempt.
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page = context.new_page()
    opened = Opened(page)
    context.on("request", lambda request: opened.requests.append(request.url))
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    page.on("console", lambda message: opened.errors.append(message.text) if message.type == "error" else None)
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("body[data-ready=true]")
    return opened

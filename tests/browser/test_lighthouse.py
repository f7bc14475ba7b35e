"""What Lighthouse (PageSpeed Insights) does inside a page, done in Chromium.

Lighthouse's SEO audit reads robots.txt with a ``fetch`` from inside the page
it tests, so the page's Content-Security-Policy governs that request. A policy
without ``connect-src`` blocks it ("Lighthouse was unable to download a
robots.txt file") and costs the SEO score 8 points.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser

from service.render.website import Website
from service.web.app import create_app
from tests.browser.sample_pages import LOCALE_PREFIXES
from tests.utils import serve

FETCH_ROBOTS = """async () => {
    const violations = [];
    document.addEventListener("securitypolicyviolation", (e) => violations.push(e.violatedDirective));
    try {
        const response = await fetch("/robots.txt");
        return {status: response.status, text: await response.text(), violations};
    } catch (error) {
        await new Promise((resolve) => setTimeout(resolve, 100));  // the event comes after
        return {status: 0, text: String(error), violations};
    }
}"""


def fetch_robots(browser: Browser, url: str) -> tuple[dict[str, Any], list[str]]:
    """Open ``url``, fetch /robots.txt from inside it; the result and the console's CSP errors."""
    context = browser.new_context()
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    try:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        result = page.evaluate(FETCH_ROBOTS)
    finally:
        context.close()
    return result, [text for text in console if "Content Security Policy" in text]


@pytest.mark.parametrize("locale", LOCALE_PREFIXES)
def test_a_production_page_can_fetch_robots_txt(browser: Browser, server: str, locale: str) -> None:
    result, csp_errors = fetch_robots(browser, server + LOCALE_PREFIXES[locale])
    assert result["status"] == 200, result
    assert "Sitemap:" in result["text"]
    assert result["violations"] == [] and csp_errors == []


class WithoutConnectSrc:
    """The app with ``connect-src`` taken out of its policy: the CSP before issue 14."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async def strip(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    (name, b"; ".join(d for d in value.split(b"; ") if b"connect-src" not in d))
                    if name == b"content-security-policy"
                    else (name, value)
                    for name, value in message["headers"]
                ]
            await send(message)

        await self.app(scope, receive, strip)


@pytest.fixture(scope="module")
def old_policy_server(website: Website) -> Iterator[str]:
    with serve(WithoutConnectSrc(create_app(website)), lifespan="off") as url:
        yield url


def test_without_connect_src_the_fetch_is_blocked(browser: Browser, old_policy_server: str) -> None:
    """The check above can fail: under the old policy Chromium refuses the fetch."""
    result, csp_errors = fetch_robots(browser, old_policy_server + "/")
    assert result["status"] == 0
    assert result["violations"] == ["connect-src"] and csp_errors, (result, csp_errors)

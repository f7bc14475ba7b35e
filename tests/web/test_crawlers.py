"""The crawler a user agent claims to be."""

from __future__ import annotations

import pytest

from service.web.crawlers import NAMES, claimed_crawler

GOOGLEBOT_SMARTPHONE = (
    "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.6478.126 Mobile Safari/537.36 "
    "(compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
)


@pytest.mark.parametrize(
    ("user_agent", "crawler"),
    [
        (GOOGLEBOT_SMARTPHONE, "Googlebot"),
        ("Googlebot-Image/1.0", "Googlebot"),
        ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "Bingbot"),
        ("Mozilla/5.0 (compatible; Google-InspectionTool/1.0;)", "Google-InspectionTool"),
        ("Mozilla/5.0 ... Chrome/125.0 Safari/537.36 Chrome-Lighthouse", "Lighthouse"),
        ("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2)", "GPTBot"),
        ("nearme-audit/0.1.0 (+https://pypi.org/project/nearme/)", "nearme-audit"),
        ("SomeNewBot/0.1", "other"),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Safari/604.1", None),
        ("Mozilla/5.0 (Linux; Android 12; CUBOT X30) Chrome/120.0 Mobile Safari/537.36", None),
        ("", None),
    ],
)
def test_claimed_crawler(user_agent: str, crawler: str | None) -> None:
    assert claimed_crawler(user_agent) == crawler


def test_names_are_a_fixed_list() -> None:
    assert "Googlebot" in NAMES and "Bingbot" in NAMES and "other" in NAMES
    assert len(NAMES) == len(set(NAMES))

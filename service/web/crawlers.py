"""The crawler a request's User-Agent claims to be: Googlebot, Bingbot, GPTBot, ...

A claim, not a proof: anyone can send Googlebot's user agent (verifying one
takes a reverse DNS lookup, too slow for every request). The access log and
the metrics say "claims" for that reason. Names are a fixed table, so a
metrics label never grows with what clients send.
"""

from __future__ import annotations

from functools import lru_cache

# (what the user agent contains, lower case; the name reported). First match wins, so
# specific tokens come before the generic ones at the end.
CRAWLERS: tuple[tuple[str, str], ...] = (
    ("googlebot", "Googlebot"),  # Googlebot, Googlebot-Image, -Video, -News
    ("google-inspectiontool", "Google-InspectionTool"),  # Search Console's URL inspection
    ("chrome-lighthouse", "Lighthouse"),  # PageSpeed Insights
    ("storebot-google", "Storebot-Google"),
    ("adsbot-google", "AdsBot-Google"),
    ("mediapartners-google", "Mediapartners-Google"),
    ("googleother", "GoogleOther"),
    ("bingbot", "Bingbot"),
    ("adidxbot", "AdIdxBot"),
    ("applebot", "Applebot"),
    ("duckduckbot", "DuckDuckBot"),
    ("yandexbot", "YandexBot"),
    ("baiduspider", "Baiduspider"),
    ("petalbot", "PetalBot"),
    ("facebookexternalhit", "facebookexternalhit"),
    ("twitterbot", "Twitterbot"),
    ("linkedinbot", "LinkedInBot"),
    ("slackbot", "Slackbot"),
    ("gptbot", "GPTBot"),
    ("oai-searchbot", "OAI-SearchBot"),
    ("chatgpt-user", "ChatGPT-User"),
    ("claudebot", "ClaudeBot"),
    ("perplexitybot", "PerplexityBot"),
    ("ccbot", "CCBot"),
    ("ahrefsbot", "AhrefsBot"),
    ("semrushbot", "SemrushBot"),
    ("mj12bot", "MJ12bot"),
    ("screaming frog", "Screaming Frog"),
    ("nearme-audit", "nearme-audit"),
    # Anything else that calls itself a robot ("bot/1.0", "bot;", or a "+http://" info link;
    # a bare "bot" would take in phones such as the Cubot).
    ("bot/", "other"),
    ("bot;", "other"),
    ("crawler", "other"),
    ("spider", "other"),
    ("+http", "other"),
)
NAMES = tuple(dict.fromkeys(name for _, name in CRAWLERS))


@lru_cache(maxsize=1024)  # clients send few distinct user agents, over and over
def claimed_crawler(user_agent: str | bytes) -> str | None:
    """The crawler ``user_agent`` claims to be, or None for a browser (or anything else).

    Takes the header's bytes as they came, so a request pays for no decoding.
    """
    if isinstance(user_agent, bytes):
        user_agent = user_agent.decode("latin-1")
    lowered = user_agent.lower()
    for token, name in CRAWLERS:
        if token in lowered:
            return name
    return None

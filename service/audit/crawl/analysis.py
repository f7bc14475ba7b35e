"""A fetched page turned into a ``Document``, with all that is known of it alone.

This is what a worker process does for each page: parse it, run the page
checks, and work out what the site checks need, so the page's text need not
travel back.
"""

from __future__ import annotations

from typing import Any

from service.audit.config import AuditConfig
from service.audit.crawl.fetch import Fetched
from service.audit.document import Document
from service.audit.facts import content_minhash, page_nap
from service.audit.runner import check_page


def to_document(fetched: Fetched, *, probe: bool = False) -> Document:
    extra: dict[str, Any] = {
        "headers": fetched.headers,
        "redirected_from": fetched.redirected_from,
        "content_type": fetched.content_type,
        "probe": probe,
    }
    if fetched.error or fetched.body is None:
        return Document.failed(fetched.url, fetched.status, fetched.error or "no body", **extra)
    if not fetched.is_html:
        return Document(url=fetched.url, status=fetched.status, **extra)
    return Document.parse(fetched.url, fetched.status, _decoded(fetched), **extra)


def analyse_page(fetched: Fetched, config: AuditConfig) -> Document:
    """Parse a page and work out all that is known of it alone: what a worker process does.

    That is its page checks and what the site checks need from it, so the page's
    text need not travel back.
    """
    doc = to_document(fetched)
    doc.findings = check_page(doc, config)
    if doc.ok:
        doc.minhash = content_minhash(doc)
        doc.nap = page_nap(doc)
    doc.body_text = doc.main_text = ""
    for derived in ("main_tokens", "lower_body", "matchable_body"):
        doc.__dict__.pop(derived, None)
    return doc


def _decoded(fetched: Fetched) -> str | bytes:
    """Text when the charset is declared or the body is valid UTF-8; else bytes, for bs4 to sniff.

    Handing BeautifulSoup text spares it a round of encoding detection on every page.
    """
    body = fetched.body or b""
    charset = ""
    for part in fetched.headers.get("content-type", "").split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset":
            charset = value.strip().strip('"')
    try:
        return body.decode(charset or "utf-8")
    except (LookupError, UnicodeDecodeError):
        return body

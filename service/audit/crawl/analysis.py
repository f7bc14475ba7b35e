"""A fetched page turned into a ``Document``, with all that is known of it alone.

This is what a worker process does for each page: decode it, parse it, run
the page checks, and work out what the site checks need, so the page's text
need not travel back.
"""

from __future__ import annotations

from typing import Any

import webencodings

from service.audit.config import AuditConfig
from service.audit.crawl.fetch import Fetched
from service.audit.document import Document
from service.audit.facts import content_signature, page_nap
from service.audit.runner import check_page

_PRESCAN = 1024  # browsers look for <meta charset> in the first 1,024 bytes


def _meta(fetched: Fetched, probe: bool = False) -> dict[str, Any]:
    return {
        "headers": fetched.headers,
        "redirected_from": fetched.redirected_from,
        "content_type": fetched.content_type,
        "probe": probe,
    }


def decode_html(body: bytes, content_type: str) -> str:
    """Text as a browser would decode it: a BOM, then the HTTP charset, then <meta charset>,
    each label read as the WHATWG Encoding Standard reads it; an unknown label (or UTF-7,
    which browsers refuse) falls back to UTF-8 with replacement."""
    label = ""
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset":
            label = value.strip().strip("\"' ")
    encoding = webencodings.lookup(label) if label else None
    if encoding is None:
        head = body[:_PRESCAN].lower()
        at = head.find(b"charset=")
        if at >= 0:
            raw = head[at + 8 : at + 48].strip(b"\"' ").split(b'"')[0].split(b"'")[0]
            candidate = raw.split(b";")[0].split(b">")[0].split(b" ")[0].strip(b"/")
            encoding = webencodings.lookup(candidate.decode("ascii", "replace"))
    text, _ = webencodings.decode(body, encoding or webencodings.UTF8, errors="replace")
    return text


def to_document(fetched: Fetched, config: AuditConfig, *, probe: bool = False) -> Document:
    if fetched.error or fetched.body is None:
        return failed_document(fetched, fetched.error or "no body", probe=probe)
    if not fetched.is_html:
        return Document(url=fetched.url, status=fetched.status, **_meta(fetched, probe))
    limits = config.limits
    return Document.parse(
        fetched.url,
        fetched.status,
        decode_html(fetched.body, fetched.headers.get("content-type", "")),
        max_links=limits.max_links_per_page,
        max_jsonld_bytes=limits.max_jsonld_bytes,
        max_jsonld_depth=limits.max_jsonld_depth,
        **_meta(fetched, probe),
    )


def failed_document(fetched: Fetched, error: str, *, probe: bool = False) -> Document:
    return Document.failed(fetched.url, fetched.status, error, **_meta(fetched, probe))


def probe_document(fetched: Fetched, config: AuditConfig) -> Document:
    return to_document(fetched, config, probe=True)


def analyse_page(fetched: Fetched, config: AuditConfig) -> Document:
    """Parse a page and work out all that is known of it alone: what a worker process does.

    That is its page checks and what the site checks need from it, so the page's
    text need not travel back.
    """
    doc = to_document(fetched, config)
    doc.findings = check_page(doc, config)
    if doc.ok:
        signature = content_signature(doc)
        if signature is not None:
            doc.shingles, doc.minhash = signature
        doc.nap = page_nap(doc)
    doc.body_text = doc.main_text = ""
    for derived in ("main_tokens", "lower_body", "matchable_body"):
        doc.__dict__.pop(derived, None)
    return doc

"""Checks of the URLs a page carries: ones no client can follow, and links out of place."""

from __future__ import annotations

from collections.abc import Iterator

from service.audit.checks.base import Issue
from service.audit.config import AuditConfig
from service.audit.document import Document


def url_invalid(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    for value, reason, where in doc.invalid_urls:
        yield Issue(f"the URL {value!r} is {reason}", selector=where)


def canonical_in_body(doc: Document, config: AuditConfig) -> Iterator[Issue]:
    for where in doc.outside_head:
        yield Issue("a canonical or hreflang link outside <head>", selector=where)

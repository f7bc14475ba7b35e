"""Conditional requests: whether a client's copy is still good (RFC 9110 §13)."""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Mapping


def not_modified(headers: Mapping[str, str], etag: str, last_modified: dt.date | None) -> bool:
    """Whether a GET can be answered 304 (RFC 9110 §13.2.2).

    ``If-None-Match`` wins when present, compared weakly (a proxy that
    compressed the body may have weakened the tag); ``If-Modified-Since`` is
    read only without it.
    """
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return etag in tags or "*" in tags
    if_modified_since = headers.get("if-modified-since")
    if if_modified_since and last_modified is not None:
        try:
            since = email.utils.parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        return since.date() >= last_modified
    return False

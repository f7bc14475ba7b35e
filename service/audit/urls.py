"""Every URL a site hands us, checked before we use it: characters, length, scheme, host, port.

Pages are written by people and sites by anyone: a newline in an href is an
everyday slip, ``//[x/`` or a port of 99999 a malformed one, a 100,000-character
URL a hostile one. Browsers strip tabs and newlines (the WHATWG URL Standard),
so we do too; anything else that a browser would refuse, or that would make
the standard library raise, becomes ``InvalidURL`` with a reason a marketer
can act on.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin, urlsplit, urlunsplit

MAX_URL_LENGTH = 2_048
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class InvalidURL(ValueError):
    """A URL that cannot be used; its message says why."""


def origin(url: str) -> str:
    """``scheme://host[:port]`` of a checked URL."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def checked_url(raw: str, base: str, *, max_length: int = MAX_URL_LENGTH) -> str:
    """``raw`` resolved against ``base``, without its fragment; raises ``InvalidURL``.

    Only http and https URLs are returned; other schemes (mailto:, tel:) are for
    the caller to leave alone, and raise with "not a web address".
    """
    if len(raw) > max_length:
        raise InvalidURL(f"longer than {max_length:,} characters ({len(raw):,})")
    value = _TAB_OR_NEWLINE.sub("", raw.strip(" \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"))
    control = _CONTROL.search(value)
    if control:
        raise InvalidURL(f"contains the control character U+{ord(control.group(0)):04X}")
    try:
        joined = urldefrag(urljoin(base, value)).url
        parts = urlsplit(joined)
        port = parts.port  # raises for a port out of range or not a number
        host = parts.hostname
    except ValueError as exc:
        raise InvalidURL(f"malformed ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise InvalidURL(f"not a web address (scheme {parts.scheme or 'missing'!r})")
    if not host:
        raise InvalidURL("has no host")
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise InvalidURL(f"host {host!r} is not a valid domain name") from None
    if len(joined) > max_length:
        raise InvalidURL(f"longer than {max_length:,} characters once resolved")
    netloc = ascii_host if not port else f"{ascii_host}:{port}"
    if ":" in ascii_host:  # an IPv6 literal keeps its brackets
        netloc = f"[{ascii_host}]" + (f":{port}" if port else "")
    return urlunsplit((parts.scheme, netloc.lower(), parts.path or "/", parts.query, ""))


def web_url(raw: str, base: str, *, max_length: int = MAX_URL_LENGTH) -> str | None:
    """Like ``checked_url``, but None for another scheme (mailto:, javascript:)."""
    try:
        return checked_url(raw, base, max_length=max_length)
    except InvalidURL as exc:
        if str(exc).startswith("not a web address"):
            return None
        raise

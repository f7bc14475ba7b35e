"""Text from audited pages, made safe for where a report sends it.

Every message, selector and URL in a report may carry what a hostile page put
there: escape sequences that retitle or rewrite a terminal, characters XML
forbids, cells a spreadsheet would run as formulas, newlines that forge a CI
annotation. Each output format passes page-derived text through one of these.
"""

from __future__ import annotations

import re

# C0 controls, DEL and the C1 range (U+009B alone is a CSI to many terminals).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# What XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _visible(char: re.Match[str]) -> str:
    return f"\\x{ord(char.group(0)):02x}"


def terminal_text(text: str) -> str:
    """No control character reaches a terminal raw: each is shown as ``\\xNN``."""
    return _CONTROL.sub(_visible, text)


def terminal_lines(text: str) -> str:
    """As ``terminal_text``, keeping line breaks (for help texts we wrote ourselves)."""
    return "\n".join(terminal_text(line) for line in text.split("\n"))


def xml_text(text: str) -> str:
    """Text XML 1.0 accepts: forbidden characters shown as ``\\xNN`` instead."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def json_text(dumped: str) -> str:
    """JSON as dumped with ``ensure_ascii=False``, with DEL and C1 escaped as ``\\u00NN``.

    ``json`` escapes C0 itself; the rest is legal JSON either way, so escaping
    them changes no value, only what a terminal printing the JSON would do.
    """
    return re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m.group(0)):04x}", dumped)


def csv_cell(text: str) -> str:
    """A cell no spreadsheet runs as a formula (OWASP's advice: a leading quote)."""
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def github_data(text: str) -> str:
    """An annotation's message, escaped as the GitHub Actions runner reads it."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return terminal_text(text)


def github_property(text: str) -> str:
    """An annotation property's value (file=, title=): ``:`` and ``,`` escaped too."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")

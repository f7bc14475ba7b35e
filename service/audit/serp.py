"""How a search result shows a page: title width in pixels and where Google cuts text.

Google sets result titles in Arial at 20 px and cuts them near 600 px; Yoast
measures against the same. Widths below are Arial's advance widths (units of
1/1000 em); wide (CJK) characters take a full em.
"""

from __future__ import annotations

import unicodedata

from service.content.limits import DESCRIPTION_MAX, TITLE_MAX_PX
from service.content.text import display_width

TITLE_FONT_PX = 20

_ARIAL = dict(
    zip(
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
        [
            278,
            278,
            355,
            556,
            556,
            889,
            667,
            191,
            333,
            333,
            389,
            584,
            278,
            333,
            278,
            278,
            556,
            556,
            556,
            556,
            556,
            556,
            556,
            556,
            556,
            556,
            278,
            278,
            584,
            584,
            584,
            556,
            1015,
            667,
            667,
            722,
            722,
            667,
            611,
            778,
            722,
            278,
            500,
            667,
            556,
            833,
            722,
            778,
            667,
            778,
            722,
            667,
            611,
            722,
            667,
            944,
            667,
            667,
            611,
            278,
            278,
            278,
            469,
            556,
            333,
            556,
            556,
            500,
            556,
            556,
            278,
            556,
            556,
            222,
            222,
            500,
            222,
            833,
            556,
            556,
            556,
            556,
            333,
            500,
            278,
            556,
            500,
            722,
            500,
            500,
            500,
            334,
            260,
            334,
            584,
        ],
        strict=True,
    )
)
# Punctuation outside ASCII that titles often carry.
_ARIAL.update(
    {
        "\u2014": 1000,
        "\u2013": 556,
        "\u2026": 1000,
        "\u2022": 350,
        "\u00b7": 278,
        "\u2018": 222,
        "\u2019": 222,
        "\u201c": 333,
        "\u201d": 333,
        "\u203a": 333,
    }
)
_DEFAULT = 556


def char_px(ch: str, font_px: int = TITLE_FONT_PX) -> float:
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return float(font_px)
    base = unicodedata.normalize("NFKD", ch)[:1] or ch
    return _ARIAL.get(base, _DEFAULT) * font_px / 1000


def title_px(text: str) -> float:
    return sum(char_px(ch) for ch in text)


def cut_title(text: str, max_px: float = TITLE_MAX_PX) -> str:
    """The title as a result shows it: cut with an ellipsis once it passes ``max_px``."""
    if title_px(text) <= max_px:
        return text
    out, width = "", title_px("…")
    for ch in text:
        width += char_px(ch)
        if width > max_px:
            break
        out += ch
    return out.rstrip() + "…"


def cut_description(text: str, limit: int = DESCRIPTION_MAX) -> str:
    if display_width(text) <= limit:
        return text
    out = ""
    for ch in text:
        if display_width(out + ch) > limit - 1:
            break
        out += ch
    return out.rstrip() + "…"

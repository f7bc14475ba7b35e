"""JSON-LD blocks read within limits: refused before parsing when too large, after when
too deep, so no page can exhaust memory or the stack (or a worker's pickling)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass
class JsonLd:
    data: Any = None
    error: str = ""
    selector: str = ""


def _depth(data: Any, limit: int) -> int:
    """How deeply ``data`` nests, counted without recursion (stopping past ``limit``)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > limit:
            break
        children = (
            node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        )
        stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return deepest


def read_jsonld(raw: str, selector: str, max_bytes: int, max_depth: int) -> JsonLd:
    """A JSON-LD block, refused before parsing when too large and after when too deep."""
    item = JsonLd(selector=selector)
    size = len(raw.encode("utf-8", "replace"))
    if size > max_bytes:
        item.error = f"the block is {size:,} bytes, over the {max_bytes:,}-byte limit"
        return item
    try:
        data = json.loads(raw)
    except RecursionError:
        item.error = "nested too deeply to read"
        return item
    except ValueError as exc:
        item.error = str(exc)
        return item
    if _depth(data, max_depth) > max_depth:
        item.error = f"nested more than {max_depth} levels deep"
        return item
    item.data = data
    return item

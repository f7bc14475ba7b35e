"""A page's main content as data: sections of headings and blocks.

Page builders say what a page shows as ``Section``s; one template lays any of
them out (``_partials/sections.html``), and ``main_texts`` lists the words
they put on the page in the order a reader meets them. The doorway rule
measures exactly those words, so what is measured is what is shown; a test
compares them with the rendered ``<main>``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Link:
    text: str
    url: str
    note: str = ""  # a short line beside the link


@dataclass(frozen=True)
class Citation:
    """A source as a reference list shows it; ``title_lang`` marks a title quoted as published."""

    authors: str
    title: str
    title_lang: str | None  # set when the title is in another language than the page
    details: str  # journal, publisher, year
    link: str | None
    link_text: str


@dataclass(frozen=True)
class Paragraphs:
    """Plain text; a blank line separates paragraphs."""

    text: str
    kind: str = "paragraphs"


@dataclass(frozen=True)
class Items:
    items: tuple[str, ...]
    kind: str = "items"


@dataclass(frozen=True)
class Links:
    links: tuple[Link, ...]
    kind: str = "links"


@dataclass(frozen=True)
class Note:
    """One paragraph set apart: a caution, a distance, a pointer elsewhere."""

    text: str
    style: str = "note"  # a CSS class: "note" or "caution"
    label: str = ""  # a lead-in shown in bold, e.g. "Safety"
    link: Link | None = None  # a link after the text
    kind: str = "note"


@dataclass(frozen=True)
class Citations:
    citations: tuple[Citation, ...]
    kind: str = "citations"


Block = Paragraphs | Items | Links | Note | Citations


@dataclass(frozen=True)
class Section:
    id: str  # the element id; its heading's id is f"{id}-heading"
    heading: str  # "" for the lead, which has none
    blocks: tuple[Block, ...] = ()
    children: tuple[Section, ...] = field(default=())  # one heading level down
    level: int = 2


def paragraphs_of(text: str) -> list[str]:
    """The paragraphs of a plain-text field, white space collapsed."""
    return [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]


def block_texts(block: Block) -> Iterator[str]:
    """The words a block shows, in reading order."""
    if isinstance(block, Paragraphs):
        yield from paragraphs_of(block.text)
    elif isinstance(block, Items):
        yield from block.items
    elif isinstance(block, Links):
        for link in block.links:
            yield link.text
            if link.note:
                yield link.note
    elif isinstance(block, Note):
        if block.label:
            yield block.label
        yield block.text
        if block.link is not None:
            yield block.link.text
    else:
        for citation in block.citations:
            yield from (citation.authors, citation.title, citation.details, citation.link_text)


def section_texts(section: Section) -> Iterator[str]:
    if section.heading:
        yield section.heading
    for block in section.blocks:
        yield from block_texts(block)
    for child in section.children:
        yield from section_texts(child)


def main_texts(h1: str, lead: tuple[str, ...], sections: tuple[Section, ...]) -> list[str]:
    """Every text of a page's main content, in order: the h1, the lead lines, the sections."""
    texts = [h1, *lead]
    for section in sections:
        texts.extend(section_texts(section))
    return [text for text in texts if text]

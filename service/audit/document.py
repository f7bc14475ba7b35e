"""One fetched page, parsed once with BeautifulSoup + lxml, with what every check reads."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urldefrag, urljoin

from bs4 import BeautifulSoup, Tag

from service.audit.model import Finding
from service.content.text import normalize_space, normalized_for_matching, tokens

LOCAL_BUSINESS_TYPES = {"MedicalClinic", "Physician", "Dentist", "MedicalBusiness", "LocalBusiness"}
# Parts of a page that are not its main content (Screaming Frog leaves them out too).
BOILERPLATE = ("nav", "header", "footer", "aside", "form")
INVISIBLE = ("script", "style", "template", "noscript")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_ANY_HEADING = "h*"  # every heading, whatever its level, in document order
_COLLECTED = (
    "base",
    "html",
    "title",
    "meta",
    "link",
    "script",
    "img",
    "a",
    "main",
    "article",
    *_HEADINGS,
    _ANY_HEADING,
    *INVISIBLE,
    *BOILERPLATE,
)


def _remove_outermost(tags: list[Tag]) -> None:
    """Take ``tags`` out of the tree; those inside another one go with it."""
    chosen = {id(t) for t in tags}
    for tag in tags:
        if not any(id(parent) in chosen for parent in tag.parents):
            tag.extract()


def css_path(tag: Tag) -> str:
    """A CSS selector that finds ``tag``: its id if it has one, else a path of nth-of-type."""
    parts: list[str] = []
    node: Tag | None = tag
    while node is not None and node.name not in ("[document]", "html"):
        if node.get("id"):
            parts.append(f"#{node['id']}")
            break
        name = node.name
        before = sum(1 for s in node.previous_siblings if isinstance(s, Tag) and s.name == name)
        after = any(isinstance(s, Tag) and s.name == name for s in node.next_siblings)
        parts.append(f"{name}:nth-of-type({before + 1})" if before or after else name)
        parent = node.parent
        node = parent if isinstance(parent, Tag) else None
    return " > ".join(reversed(parts))


@dataclass
class PageNap:
    """A page's clinic name, phone and street as marked up, and which of them it does not show."""

    values: dict[str, str]
    not_shown: list[str]  # messages, one per marked-up value missing from the visible text


@dataclass
class JsonLd:
    data: Any = None
    error: str = ""
    selector: str = ""


@dataclass
class Heading:
    level: int
    text: str
    selector: str


@dataclass(repr=False)  # the default repr would serialize the whole parse tree
class Document:
    """A page as the checks see it. Build with ``Document.parse``."""

    def __repr__(self) -> str:
        return f"<Document {self.url} {self.status}>"

    url: str  # the final URL, after redirects
    status: int | None
    content_type: str = "text/html"
    headers: dict[str, str] = field(default_factory=dict)
    redirected_from: str | None = None
    fetch_error: str = ""
    probe: bool = False  # a URL that should not exist, requested to test the 404 page
    findings: list[Finding] | None = None  # page checks, when a worker process ran them
    minhash: Any = None  # main-content MinHash values, when a worker process made them
    nap: PageNap | None = None  # the clinic's name, address and phone, as a worker read them
    parsed: bool = False  # an HTML page that was parsed (the tree itself is not kept)
    # extracted once, in parse():
    lang: str | None = None
    titles: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    robots: str = ""
    canonicals: list[str] = field(default_factory=list)
    alternates: list[tuple[str, str]] = field(default_factory=list)  # (hreflang, href as written)
    has_viewport: bool = False
    headings: list[Heading] = field(default_factory=list)
    jsonld: list[JsonLd] = field(default_factory=list)
    images_without_alt: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # absolute, without fragments
    link_hrefs: dict[str, str] = field(default_factory=dict)  # absolute -> href as written
    tel_links: list[str] = field(default_factory=list)
    body_text: str = ""  # everything visible, normalized spaces
    main_text: str = ""

    @classmethod
    def failed(cls, url: str, status: int | None, error: str, **extra: Any) -> Document:
        return cls(url=url, status=status, fetch_error=error, **extra)

    @classmethod
    def parse(cls, url: str, status: int | None, html: str | bytes, **extra: Any) -> Document:
        doc = cls(url=url, status=status, **extra)
        soup = BeautifulSoup(html, "lxml")
        doc.parsed = True
        # One walk over the tree, collecting the elements the checks read, in document order.
        found: dict[str, list[Tag]] = {name: [] for name in _COLLECTED}
        for node in soup.descendants:
            if isinstance(node, Tag) and node.name in found:
                found[node.name].append(node)
                if node.name in _HEADINGS:
                    found[_ANY_HEADING].append(node)
        base = url
        for base_tag in found["base"][:1]:
            if base_tag.get("href"):
                base = urljoin(url, str(base_tag["href"]))
        for html_tag in found["html"][:1]:
            doc.lang = str(html_tag.get("lang") or "").strip() or None
        doc.titles = [
            normalize_space(t.get_text()) for t in found["title"] if t.find_parent("svg") is None
        ]
        for meta in found["meta"]:
            name = str(meta.get("name") or "").lower()
            content = str(meta.get("content") or "")
            if name == "description":
                doc.descriptions.append(normalize_space(content))
            elif name in ("robots", "googlebot"):
                doc.robots += f" {content.lower()}"
            elif name == "viewport":
                doc.has_viewport = True
        for link in found["link"]:
            if not link.get("href"):
                continue
            rel = [r.lower() for r in (link.get("rel") or [])]
            if "canonical" in rel:
                doc.canonicals.append(str(link["href"]).strip())
            if "alternate" in rel and link.get("hreflang"):
                doc.alternates.append((str(link["hreflang"]).strip(), str(link["href"]).strip()))
        for tag in found[_ANY_HEADING]:
            doc.headings.append(
                Heading(int(tag.name[1]), normalize_space(tag.get_text()), css_path(tag))
            )
        for script in found["script"]:
            if str(script.get("type") or "").lower() != "application/ld+json":
                continue
            raw = script.string or script.get_text()
            item = JsonLd(selector=css_path(script))
            try:
                item.data = json.loads(raw)
            except ValueError as exc:
                item.error = str(exc)
            doc.jsonld.append(item)
        for img in found["img"]:
            if img.get("alt") is None:  # alt="" is a valid choice for decorative images
                doc.images_without_alt.append(css_path(img))
        for anchor in found["a"]:
            if not anchor.get("href"):
                continue
            href = str(anchor["href"]).strip()
            if href.startswith("tel:"):
                doc.tel_links.append(href[4:])
            elif not href.startswith(("mailto:", "javascript:", "data:", "#")):
                if href.startswith(("https://", "http://")) and "#" not in href:
                    absolute = href  # already absolute: most links on most sites
                else:
                    absolute = urldefrag(urljoin(base, href)).url
                if absolute.startswith(("https://", "http://", "file:")):
                    doc.links.append(absolute)
                    doc.link_hrefs.setdefault(absolute, href)
        header_robots = doc.headers.get("x-robots-tag", "")
        doc.robots = f"{doc.robots} {header_robots.lower()}".strip()
        body = soup.body or soup
        main = (found["main"] or found["article"] or [body])[0]
        boilerplate = [
            t
            for name in BOILERPLATE
            for t in found[name]
            if main is body or any(parent is main for parent in t.parents)
        ]
        _remove_outermost([t for name in INVISIBLE for t in found[name]])
        doc.body_text = normalize_space(body.get_text(" "))
        _remove_outermost(boilerplate)
        doc.main_text = normalize_space(main.get_text(" "))
        return doc

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.parsed

    @property
    def is_html(self) -> bool:
        return self.parsed

    @property
    def noindex(self) -> bool:
        return "noindex" in self.robots or "none" in self.robots.split()

    @cached_property
    def main_tokens(self) -> list[str]:
        return tokens(self.main_text)

    @property
    def main_words(self) -> int:
        return len(self.main_tokens)

    @cached_property
    def lower_body(self) -> str:
        return self.body_text.lower()

    @cached_property
    def matchable_body(self) -> str:
        return normalized_for_matching(self.body_text)

    @cached_property
    def canonical(self) -> str | None:
        """The canonical URL, resolved, when there is exactly one."""
        if len(self.canonicals) != 1:
            return None
        return urljoin(self.url, self.canonicals[0])

    @cached_property
    def alternate_urls(self) -> dict[str, str]:
        return {lang: urljoin(self.url, href) for lang, href in self.alternates}

    def clinic_nodes(self) -> list[dict[str, Any]]:
        """The JSON-LD nodes that describe a local business (a clinic, a physician...)."""

        def types(node: dict[str, Any]) -> set[str]:
            value = node.get("@type")
            return {value} if isinstance(value, str) else set(value or [])

        return [n for n in self.jsonld_nodes() if types(n) & LOCAL_BUSINESS_TYPES]

    def jsonld_nodes(self) -> list[dict[str, Any]]:
        """Every node of every parsed JSON-LD block, ``@graph`` flattened."""
        nodes: list[dict[str, Any]] = []

        def collect(value: Any) -> None:
            if isinstance(value, list):
                for item in value:
                    collect(item)
            elif isinstance(value, dict):
                if "@graph" in value:
                    collect(value["@graph"])
                if "@type" in value:
                    nodes.append(value)

        for block in self.jsonld:
            if block.data is not None:
                collect(block.data)
        return nodes

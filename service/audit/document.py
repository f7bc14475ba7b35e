"""One fetched page, parsed once with BeautifulSoup + lxml, with what every check reads."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from service.text import normalize_space, normalized_for_matching, word_count

HEADING = re.compile(r"^h[1-6]$")
# Parts of a page that are not its main content (Screaming Frog leaves them out too).
BOILERPLATE = ("nav", "header", "footer", "aside", "form")
INVISIBLE = ("script", "style", "template", "noscript")


def css_path(tag: Tag) -> str:
    """A CSS selector that finds ``tag``: its id if it has one, else a path of nth-of-type."""
    parts: list[str] = []
    node: Tag | None = tag
    while node is not None and node.name not in ("[document]", "html"):
        if node.get("id"):
            parts.append(f"#{node['id']}")
            break
        parent = node.parent
        same = [s for s in parent.find_all(node.name, recursive=False)] if parent else [node]
        part = node.name
        if len(same) > 1:
            part += f":nth-of-type({same.index(node) + 1})"
        parts.append(part)
        node = parent if isinstance(parent, Tag) else None
    return " > ".join(reversed(parts))


def snippet(tag: Tag, limit: int = 120) -> str:
    text = str(tag)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class JsonLd:
    raw: str
    data: Any = None
    error: str = ""
    selector: str = ""


@dataclass
class Heading:
    level: int
    text: str
    selector: str


@dataclass
class Document:
    """A page as the checks see it. Build with ``Document.parse``."""

    url: str  # the final URL, after redirects
    status: int | None
    content_type: str = "text/html"
    headers: dict[str, str] = field(default_factory=dict)
    redirected_from: str | None = None
    fetch_error: str = ""
    probe: bool = False  # a URL that should not exist, requested to test the 404 page
    soup: BeautifulSoup | None = None
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
        doc.soup = soup
        base = url
        base_tag = soup.find("base", href=True)
        if isinstance(base_tag, Tag):
            base = urljoin(url, str(base_tag["href"]))
        html_tag = soup.find("html")
        if isinstance(html_tag, Tag) and html_tag.get("lang"):
            doc.lang = str(html_tag["lang"]).strip() or None
        head = soup.head or soup
        doc.titles = [normalize_space(t.get_text()) for t in head.find_all("title")]
        for meta in soup.find_all("meta"):
            name = str(meta.get("name") or "").lower()
            content = str(meta.get("content") or "")
            if name == "description":
                doc.descriptions.append(normalize_space(content))
            elif name in ("robots", "googlebot"):
                doc.robots += f" {content.lower()}"
            elif name == "viewport":
                doc.has_viewport = True
        for link in soup.find_all("link", href=True):
            rel = [r.lower() for r in (link.get("rel") or [])]
            if "canonical" in rel:
                doc.canonicals.append(str(link["href"]).strip())
            if "alternate" in rel and link.get("hreflang"):
                doc.alternates.append((str(link["hreflang"]).strip(), str(link["href"]).strip()))
        for tag in soup.find_all(HEADING):
            doc.headings.append(
                Heading(int(tag.name[1]), normalize_space(tag.get_text()), css_path(tag))
            )
        for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
            item = JsonLd(raw=script.string or script.get_text(), selector=css_path(script))
            try:
                item.data = json.loads(item.raw)
            except ValueError as exc:
                item.error = str(exc)
            doc.jsonld.append(item)
        for img in soup.find_all("img"):
            if img.get("alt") is None:  # alt="" is a valid choice for decorative images
                doc.images_without_alt.append(css_path(img))
        for anchor in soup.find_all("a", href=True):
            href = str(anchor["href"]).strip()
            if href.startswith("tel:"):
                doc.tel_links.append(href[4:])
            elif not href.startswith(("mailto:", "javascript:", "data:", "#")):
                absolute = urldefrag(urljoin(base, href)).url
                if urlsplit(absolute).scheme in ("http", "https", "file"):
                    doc.links.append(absolute)
                    doc.link_hrefs.setdefault(absolute, href)
        header_robots = doc.headers.get("x-robots-tag", "")
        doc.robots = f"{doc.robots} {header_robots.lower()}".strip()
        for tag in soup.find_all(INVISIBLE):
            tag.decompose()
        body = soup.body or soup
        doc.body_text = normalize_space(body.get_text(" "))
        main = soup.find("main") or soup.find("article") or body
        for tag in main.find_all(BOILERPLATE):
            tag.decompose()
        doc.main_text = normalize_space(main.get_text(" "))
        return doc

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.soup is not None

    @property
    def is_html(self) -> bool:
        return self.soup is not None

    @property
    def noindex(self) -> bool:
        return "noindex" in self.robots or "none" in self.robots.split()

    @cached_property
    def main_words(self) -> int:
        return word_count(self.main_text)

    @cached_property
    def matchable_body(self) -> str:
        return normalized_for_matching(self.body_text)

    @property
    def canonical(self) -> str | None:
        """The canonical URL, resolved, when there is exactly one."""
        if len(self.canonicals) != 1:
            return None
        return urljoin(self.url, self.canonicals[0])

    @property
    def alternate_urls(self) -> dict[str, str]:
        return {lang: urljoin(self.url, href) for lang, href in self.alternates}

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

"""One fetched page, parsed once with BeautifulSoup + lxml, with what every check reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urldefrag, urljoin

from bs4 import BeautifulSoup, Tag

from service.audit.jsonld import JsonLd, read_jsonld
from service.audit.model import Finding
from service.audit.urls import InvalidURL, web_url
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


_NOT_PAGES = ("mailto:", "javascript:", "data:", "#", "sms:", "callto:")
_MAX_INVALID = 50  # invalid URLs recorded per page; more say nothing new


def _quiet_url(href: str, base: str) -> str | None:
    try:
        return web_url(href, base)
    except InvalidURL:
        return None


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
    shingles: Any = None  # main-content shingle hashes, when a worker process made them
    minhash: Any = None  # and their MinHash values
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
    links_dropped: int = 0  # links past the per-page cap, not followed
    invalid_urls: list[tuple[str, str, str]] = field(default_factory=list)  # value, why, where
    outside_head: list[str] = field(default_factory=list)  # canonical/hreflang links in <body>
    tel_links: list[str] = field(default_factory=list)
    body_text: str = ""  # everything visible, normalized spaces
    main_text: str = ""

    @classmethod
    def failed(cls, url: str, status: int | None, error: str, **extra: Any) -> Document:
        return cls(url=url, status=status, fetch_error=error, **extra)

    @classmethod
    def parse(
        cls,
        url: str,
        status: int | None,
        html: str | bytes,
        *,
        max_links: int = 2_000,
        max_jsonld_bytes: int = 1_000_000,
        max_jsonld_depth: int = 64,
        **extra: Any,
    ) -> Document:
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
                base = doc._resolve(str(base_tag["href"]), url, css_path(base_tag)) or url
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
            canonical = "canonical" in rel
            hreflang = "alternate" in rel and bool(link.get("hreflang"))
            if not (canonical or hreflang):
                continue
            doc._resolve(str(link["href"]), base, css_path(link))
            if link.find_parent("head") is None:
                # Google ignores these outside <head>, so the audit does too: they are
                # reported as misplaced, not read as the page's canonical or alternates.
                doc.outside_head.append(css_path(link))
                continue
            if canonical:
                doc.canonicals.append(str(link["href"]).strip())
            if hreflang:
                doc.alternates.append((str(link["hreflang"]).strip(), str(link["href"]).strip()))
        for tag in found[_ANY_HEADING]:
            doc.headings.append(
                Heading(int(tag.name[1]), normalize_space(tag.get_text()), css_path(tag))
            )
        for script in found["script"]:
            if str(script.get("type") or "").lower() != "application/ld+json":
                continue
            raw = script.string or script.get_text()
            doc.jsonld.append(
                read_jsonld(raw, css_path(script), max_jsonld_bytes, max_jsonld_depth)
            )
        for img in found["img"]:
            if img.get("alt") is None:  # alt="" is a valid choice for decorative images
                doc.images_without_alt.append(css_path(img))
        for anchor in found["a"]:
            if not anchor.get("href"):
                continue
            href = str(anchor["href"]).strip()
            if href.startswith("tel:"):
                doc.tel_links.append(href[4:])
            elif not href.startswith(_NOT_PAGES):
                absolute = doc._resolve(href, base, css_path(anchor) if doc.parsed else "")
                if absolute is None:
                    continue
                if len(doc.link_hrefs) >= max_links and absolute not in doc.link_hrefs:
                    doc.links_dropped += 1
                    continue
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

    def _resolve(self, href: str, base: str, where: str) -> str | None:
        """``href`` as an absolute web (or local file) URL; an invalid one is recorded."""
        if base.startswith("file:"):
            return urldefrag(urljoin(base, href)).url
        try:
            return web_url(href, base)
        except InvalidURL as exc:
            if len(self.invalid_urls) < _MAX_INVALID:
                self.invalid_urls.append((href[:200], str(exc), where))
            return None

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
        """The canonical URL, resolved, when there is exactly one (and it is valid)."""
        if len(self.canonicals) != 1:
            return None
        return _quiet_url(self.canonicals[0], self.url)

    @cached_property
    def alternate_urls(self) -> dict[str, str]:
        resolved = ((lang, _quiet_url(href, self.url)) for lang, href in self.alternates)
        return {lang: url for lang, url in resolved if url is not None}

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

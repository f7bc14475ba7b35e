"""Local HTML files as the pages of one site, for auditing what is not served yet."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from service.audit.config import AuditConfig
from service.audit.crawl.analysis import decode_html
from service.audit.crawl.fetch import TargetError
from service.audit.document import Document
from service.audit.model import Crawl


def read_files(paths: list[Path], config: AuditConfig) -> Crawl:
    """Local HTML files, as pages of one site whose URLs are file:// URIs."""
    documents = []
    link_status: dict[str, int | None] = {}
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise TargetError(f"{path}: {exc.strerror or exc}") from None
        uri = path.resolve().as_uri()
        if len(data) > config.limits.max_page_bytes:
            documents.append(
                Document.failed(
                    uri, 200, f"file is over the {config.limits.max_page_bytes:,}-byte limit"
                )
            )
            continue
        doc = Document.parse(
            uri,
            200,
            decode_html(data, ""),
            max_links=config.limits.max_links_per_page,
            max_jsonld_bytes=config.limits.max_jsonld_bytes,
            max_jsonld_depth=config.limits.max_jsonld_depth,
        )
        for link in doc.links:
            if link.startswith("file:"):
                target = Path(urlsplit(link).path)
                link_status[link] = 200 if target.exists() else 404
        documents.append(doc)
    return Crawl(documents=documents, link_status=link_status)

"""Condition pages: the byline claims only a review the clinic confirmed."""

from __future__ import annotations

from pathlib import Path

from service.content.synthetic import write_synthetic_site
from service.render.website import open_website
from service.settings import Settings
from tests.utils import edit_yaml, soup

BASE = "https://clinic.example"


def test_a_confirmed_review_is_shown_as_reviewed_by_with_the_real_credential(
    tmp_path: Path,
) -> None:
    content = write_synthetic_site(tmp_path / "content", conditions=2, neighborhoods=2)
    edit_yaml(
        content / "conditions" / "condition-0.yaml",
        lambda d: d.update(review={"by": "practitioner-one", "on": "2026-02-01"}),
    )
    website = open_website(Settings(base_url=BASE, content_dir=content))
    html = website.render(website.registry.resolve("/conditions/condition-0/"))  # type: ignore[arg-type]
    byline = soup(html).select_one("main .byline")
    assert byline is not None
    assert "Reviewed by Pat Doe, L.Ac., on February 1, 2026" in " ".join(byline.get_text().split())
    assert "Medically" not in byline.get_text()
    other = soup(website.render(website.registry.resolve("/conditions/condition-1/")))  # type: ignore[arg-type].select_one(".byline")
    assert other is not None and "Reviewed" not in other.get_text()

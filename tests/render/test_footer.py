"""The footer's list of areas: every one on a small site, the nearest on a large one."""

from __future__ import annotations

from pathlib import Path

from service.content.synthetic import write_synthetic_site
from service.render.kit import FOOTER_AREAS
from service.render.website import Website, open_website
from service.settings import Settings
from tests.utils import soup


def footer_links(website: Website, path: str) -> list[tuple[str, str]]:
    page = website.registry.resolve(path)
    assert page is not None
    footer = soup(website.render(page)).select_one("footer nav")
    assert footer is not None
    return [(a.get_text(strip=True), str(a["href"])) for a in footer.select("a")]


def test_a_small_site_lists_every_area(website: Website) -> None:
    links = footer_links(website, "/conditions/sciatica/")
    assert len(links) == len(website.site.neighborhoods) < FOOTER_AREAS


def test_a_large_site_lists_the_nearest_areas_and_links_to_all(tmp_path: Path) -> None:
    hoods = FOOTER_AREAS + 7
    content = write_synthetic_site(tmp_path / "c", conditions=2, neighborhoods=hoods, locales=1)
    website = open_website(Settings(base_url="https://clinic.example", content_dir=content))
    links = footer_links(website, "/")
    *areas, everything = links
    assert len(areas) == FOOTER_AREAS
    assert everything == (f"All {hoods} areas", "https://clinic.example/areas/")
    kit = website.contexts.kits["en"]
    distance = {slug: kit.from_clinic(slug).miles for slug in website.site.neighborhoods}
    listed = {
        slug
        for slug, hood in website.site.neighborhoods.items()
        if hood.texts["en"].name in {text for text, _ in areas}
    }
    farthest_listed = max(distance[s] for s in listed)
    assert all(distance[s] >= farthest_listed for s in set(distance) - listed)

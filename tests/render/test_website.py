from __future__ import annotations

from service.render.website import Website
from service.settings import Environment


def test_other_environments_share_content_and_render_the_same_html(website: Website) -> None:
    staging = website.in_environment(Environment.staging)
    assert staging.settings.environment is Environment.staging
    assert website.settings.environment is Environment.production
    assert staging.registry is website.registry
    page = website.registry.resolve("/conditions/sciatica/")
    assert page is not None
    assert staging.render(page) == website.render(page)  # the HTML does not depend on it

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from service.content.synthetic import write_synthetic_site
from service.render.website import Website, open_website
from service.settings import Environment, Settings
from service.web.app import create_app
from tests.utils import Parsed, soup

BASE_URL = "https://clinic.example"


@pytest.fixture(scope="session")
def website() -> Website:
    """The embedded default site, as production serves it."""
    return open_website(Settings(base_url=BASE_URL, environment=Environment.production))


@pytest.fixture(scope="session")
def client(website: Website) -> TestClient:
    """The app without its start-up (which renders every page ahead): pages render as asked."""
    return TestClient(create_app(website), base_url="http://testserver")


@pytest.fixture(scope="session")
def all_pages(website: Website, client: TestClient) -> list[tuple[str, str]]:
    """(path, html) of every page the registry lists, fetched through the app."""
    pages = []
    for page in website.registry.pages():
        response = client.get(page.path)
        assert response.status_code == 200, page.path
        pages.append((page.path, response.text))
    return pages


@pytest.fixture(scope="session")
def parsed(website: Website, all_pages: list[tuple[str, str]]) -> Parsed:
    """(page, parsed HTML, HTML) of every page the registry lists."""
    html_by_path = dict(all_pages)
    return [
        (page, soup(html_by_path[page.path]), html_by_path[page.path])
        for page in website.registry.pages()
    ]


@pytest.fixture(scope="session")
def synthetic_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small valid content folder, written once; tests get copies (``content_dir``)."""
    folder = tmp_path_factory.mktemp("synthetic") / "content"
    return write_synthetic_site(folder, conditions=3, neighborhoods=3, locales=3)


@pytest.fixture
def content_dir(tmp_path: Path, synthetic_content: Path) -> Path:
    """A small valid content folder that tests may break."""
    return Path(shutil.copytree(synthetic_content, tmp_path / "content"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/browser/ drives Chromium: mark it so `-m "not browser"` skips it."""
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)

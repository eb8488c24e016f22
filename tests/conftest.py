"""Shared fixtures: a copy of the real project in a temporary folder, and a real site built from it."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns(".venv", "site", "build", ".git", "__pycache__", ".pytest_cache",
                                "node_modules", "research", "tests")
TEST_LANGUAGES = ["de", "en", "ar", "ta", "ti"]
FALLBACK_TOPIC = "freizeit"  # built without its Tigrinya translation


def copy_project(dest: Path) -> Path:
    shutil.copytree(REPO, dest, ignore=IGNORE)
    return dest


def tree_digest(path: Path) -> str:
    """One hash over every file name and content below `path`: equal means byte-for-byte equal."""
    h = hashlib.sha256()
    for p in sorted(path.rglob("*")):
        h.update(p.relative_to(path).as_posix().encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture
def project(tmp_path) -> Path:
    """A writable copy of the project (data, locales, content, config, generator)."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The real site for a subset of languages (all 104 municipalities), built once per test run."""
    from generator.build import build_site
    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    # make sure one page has no Tigrinya translation, to see the German fallback
    for p in (root / "content" / "themen").glob(f"{FALLBACK_TOPIC}.ti.md"):
        p.unlink()
    result = build_site(root, languages=TEST_LANGUAGES, site_url="https://example.org/")
    return result


def pytest_configure(config):
    # until the project's pytest configuration registers it (BRIEF-DESIGN §8)
    config.addinivalue_line("markers", "slow: builds a site or starts a browser")


@pytest.fixture(scope="session")
def built_all(tmp_path_factory):
    """The real site in all 22 languages, without PDFs (start pages, language tags, personas)."""
    from generator.build import build_site
    root = copy_project(tmp_path_factory.mktemp("built_all") / "project")
    return build_site(root, handouts=False, site_url="https://example.org/")

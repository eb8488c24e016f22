"""Shared fixtures: a copy of the real project in a temporary folder, and a real site built from it.

Tests that build a site or start a browser are `slow` (marker registered in pyproject.toml):
`pytest -m "not slow"` is the fast lane for the edit-test loop. A test that uses one of the
building fixtures below is marked slow here; tests that build by themselves mark it themselves."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns(".venv", "site", "build", ".git", "__pycache__", ".pytest_cache",
                                "node_modules", "research", "tests", ".site.releases")
TEST_LANGUAGES = ["de", "en", "ar", "ta", "ti"]
BUILDING_FIXTURES = {"built", "built_all", "web", "german_site"}
# Tests in other files that build a site or render PDFs by themselves (until they carry the mark).
BUILDING_TESTS = {"test_welcome_events_show_until_they_are_past_and_go_to_a_calendar",
                  "test_injected_text_stays_inert_everywhere", "test_two_builds_are_byte_identical",
                  "test_long_data_paginates_without_losing_anything", "test_cache_renders_only_what_changed",
                  "test_failed_build_leaves_previous_site_untouched"}
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


def drop_translations(root: Path, code: str, context_prefix: str) -> None:
    """Remove from translations/<code>.po every entry whose context starts with `context_prefix`."""
    import polib
    path = root / "translations" / f"{code}.po"
    po = polib.pofile(str(path))
    for e in [e for e in po if (e.msgctxt or "").startswith(context_prefix)]:
        po.remove(e)
    po.save(str(path))


def catalog_text(root: Path, code: str, context: str, msgid: str | None = None) -> str:
    """The stored translation of one entry."""
    import polib
    for e in polib.pofile(str(root / "translations" / f"{code}.po")):
        if e.msgctxt == context and (msgid is None or e.msgid == msgid):
            return e.msgstr
    raise KeyError(context)


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
    drop_translations(root, "ti", f"content:themen/{FALLBACK_TOPIC}.md")
    result = build_site(root, languages=TEST_LANGUAGES, site_url="https://example.org/")
    return result


@pytest.fixture(scope="session")
def built_all(tmp_path_factory):
    """Every language, without PDFs: each language's pages as the build makes them."""
    from generator.build import build_site
    root = copy_project(tmp_path_factory.mktemp("built_all") / "project")
    return build_site(root, site_url="https://example.org/", handouts=False)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BUILDING_FIXTURES & set(getattr(item, "fixturenames", ())) or item.originalname in BUILDING_TESTS:
            item.add_marker(pytest.mark.slow)

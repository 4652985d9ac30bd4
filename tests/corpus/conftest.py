"""The corpus tests: every public document of manifest.toml, fetched once into .cache/corpus/ (the
network only when a package is missing there), validated, built and parsed once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import checks
from generator.errors import GeneratorError
from generator.spec import RawSpec, Spec, load
from tests.browser.conftest import browser_type_launch_args, page_watch  # noqa: F401  (the browser guard)
from tests.corpus import support
from tests.corpus.fetch import Document, corpus, fetch

CORPUS = corpus()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/corpus/" in str(item.fspath):
            item.add_marker(pytest.mark.corpus)


def ids(documents) -> list[str]:
    return [d.id for d in documents]


class Session:
    """Each document's file, parsed spec, findings and one-version site, each made once."""

    def __init__(self, root: Path):
        self.root = root
        self.files = fetch(CORPUS.documents)
        self._made: dict[tuple[str, str], object] = {}

    def file(self, document: Document) -> Path:
        return self.files[document.id]

    def spec(self, document: Document) -> Spec:
        path = self.file(document)
        return self._once("spec", document, lambda: load(RawSpec(str(path), path.read_bytes(), document.tag)))

    def problems(self, document: Document) -> tuple:
        return self._once("problems", document, lambda: tuple(
            checks.run(self.spec(document), checks.config.load(support.PROFILE))))

    def site(self, document: Document) -> Path | GeneratorError:
        """The built site, or the error that stopped its build (reported by the test that asks)."""
        return self._once("site", document, lambda: self._build(document))

    def _build(self, document: Document) -> Path | GeneratorError:
        try:
            return support.build(document, self.file(document), self.root / document.id)
        except GeneratorError as e:
            return e

    def _once(self, what: str, document: Document, make):
        key = (what, document.id)
        if key not in self._made:
            self._made[key] = make()
        return self._made[key]


@pytest.fixture(scope="session")
def session(tmp_path_factory):
    """The session's sites, removed once it ends: pytest keeps its last three temporary folders, and
    Microsoft Graph's site alone is over 800 MB."""
    root = tmp_path_factory.mktemp("corpus")
    yield Session(root)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def sites_url(session):
    """Every corpus site under one loopback server: /<document id>/<tag>/..."""
    from benchmarks.reference_site import serve

    with serve(session.root) as url:
        yield url

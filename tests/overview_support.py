"""Rendering one release's docs tree for the overview tests (golden files, snippets, browser)."""

from __future__ import annotations

from pathlib import Path

from generator import pins, render
from generator.facts import extract
from generator.site.scalar import configuration
from generator.spec import RawSpec, Spec, load
from tests.conftest import FIXTURES, PROJECT

OVERVIEW_FIXTURES = FIXTURES / "overview"
OVERVIEW = Path("docs/developer/index.md")  # in a rendered tree
SNIPPETS = Path("docs/developer/examples")  # in a rendered tree


def load_spec(path: Path, tag: str) -> Spec:
    return load(RawSpec(str(path), path.read_bytes(), tag))


def pinned_releases() -> list[pins.Release]:
    return pins.releases(PROJECT / "specs")


def render_tree(spec: Spec, tag: str, dest: Path, tags: tuple[str, ...] | None = None,
                latest: str | None = None, templates: Path = PROJECT / "docs") -> Path:
    """Render the docs tree of one version as the build does; returns `dest`."""
    facts = extract(spec)
    context = render.VersionContext(tag, facts, tags or (tag,), latest if tags else tag,
                                    configuration(facts, "openapi.json"))
    return render.version_tree(templates, dest, context, spec.raw)

"""Stage 6: one MkDocs build per version, then the files that tie the versions together.

Everything is written into a temporary folder beside the output and swapped in at the end, so an
interrupted or failed build never leaves a half-written site.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator import diff, render
from generator.errors import EXIT_CANNOT_RUN, GeneratorError, Location, Problem
from generator.facts import extract
from generator.pins import Release, latest_stable, version_key
from generator.render.operations import Catalog
from generator.site import audit, csp, netlify, operation_pages, output, scalar


@dataclass(frozen=True)
class BuildResult:
    site: Path
    versions: tuple[str, ...]  # newest first
    latest: str | None


def build(project: Path, releases: list[Release], site: Path, progress=lambda message: None,
          verify: bool = True) -> BuildResult:
    """`verify=False` skips the site checks (third-party loads, links): only for benchmark sites built
    from specs that are not Aviato's and are never published."""
    site = site.resolve()
    with output.locked(site, progress):  # one build at a time; clears what a killed build left behind
        return _build(project, releases, site, progress, verify)


def _build(project: Path, releases: list[Release], site: Path, progress, verify: bool = True) -> BuildResult:
    tags = tuple(r.tag for r in sorted(releases, key=lambda r: version_key(r.tag), reverse=True))
    latest = latest_stable(list(tags))
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}.", dir=site.parent))
    try:
        shared = scalar.copy_shared(project, staging)
        catalog = Catalog.from_releases(releases)  # every operation ever published gets a page in every version
        noindex: dict[str, list[str]] = {}
        with tempfile.TemporaryDirectory(prefix="aviato-docs-") as work:
            for release in releases:
                progress(f"building {release.tag}")
                previous = diff.previous_release(releases, release)
                tree = _render_version(project, release, Path(work) / release.tag, tags, latest, previous, catalog)
                _mkdocs(project, tree, staging / release.tag, release.tag, shared, latest)
                noindex[release.tag] = operation_pages.finish_version(tree, staging / release.tag)
        netlify.write_root_files(staging, tags, latest)
        operation_pages.write_root_sitemap(staging, latest, noindex.get(latest, []))
        csp.write_headers(staging, csp.connect_sources(project, (extract(r.spec).server_url for r in releases)))
        if verify:
            audit.verify(project, staging)  # third-party loads and broken links fail the build here
        output.swap(staging, site)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(site, tags, latest)


def _render_version(project: Path, release: Release, dest: Path, tags: tuple[str, ...],
                    latest: str | None, previous: Release | None = None, catalog: Catalog | None = None) -> Path:
    facts = extract(release.spec)
    spec_name = "openapi.yaml" if release.spec.raw.is_yaml else "openapi.json"
    parts = scalar.parts(release.spec.document, len(facts.operations))
    scalar.write_parts(parts, dest / render.SPEC_DIR)
    context = render.VersionContext(release.tag, facts, tags, latest,
                                    scalar.configuration(facts, spec_name, parts),
                                    previous.tag if previous else None,
                                    tuple(diff.compare(previous.spec, release.spec)) if previous else (),
                                    operations=catalog)
    return render.version_tree(project / "docs", dest, context, release.spec.raw)


def _mkdocs(project: Path, docs: Path, out: Path, tag: str, shared: scalar.SharedAssets,
            latest: str | None = None) -> None:
    # Imported here: MkDocs belongs to this stage only, and everything before it runs without it.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        config = load_config(config_file=str(project / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(out))
        base = str(config["site_url"] or "https://docs.example.invalid/")
        config["site_url"] = f"{base.rstrip('/')}/{tag}/"
        config["extra"]["version"] = {"provider": "mike", "default": "latest", "alias": True}
        config["extra"]["aviato"] = {**(config["extra"].get("aviato") or {}),
                                     "tag": tag, "scalar_bundle": shared.bundle, "scalar_mount": shared.mount,
                                     "latest": latest, "canonical_root": f"{base.rstrip('/')}/"}
        mkdocs_build(config)
    except MkDocsException as e:
        raise GeneratorError([Problem("mkdocs-failed", "error", f"{tag}: MkDocs failed: {e}",
                                      Location(str(project / "mkdocs.yml")))], EXIT_CANNOT_RUN) from e

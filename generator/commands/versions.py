"""One version's pages, from the facts and history of the catalog: what the site stage builds.

The site stage gets a generator.site.Version per release: plain values, a callable that renders the
version's docs tree (run in the worker process that builds the version) and one that renders what its
pages say of later releases (run when the version is put in place).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from generator import diff, forked, render
from generator.render import examples, markdown_safe, operations, schema_pages
from generator.render.catalog import Catalog
from generator.site import Version, csp, images, operation_pages, scalar


def version(project: Path, catalog: Catalog, tag: str) -> Version:
    release = catalog.releases[catalog.tags.index(tag)]
    return Version(tag, release.spec, catalog.facts[tag].server_url,
                   partial(render_version, project, catalog, tag), partial(later, catalog, tag))


def render_version(project: Path, catalog: Catalog, tag: str, dest: Path,
                   ready: Callable[[Path], object] | None = None) -> Path:
    """Write the docs tree of `tag` into `dest`: its pages, its changelog (diff from the release before
    it), its Scalar documents; `ready(dest)` as soon as what MkDocs reads is written
    (render.version_tree). A version's pages must not depend on later releases or on which one is
    latest (its build is reused when newer ones are published): neither is given to the templates."""
    own = catalog.until(tag)
    release = own.releases[-1]
    previous = diff.previous_release(list(own.releases), release)
    facts = own.facts[tag]
    allowed = csp.configured_sources(project)
    markdown_safe.allow_images(images.allowing(allowed))  # on the hosts listed, images show; others are links
    documents = (facts, release.spec, dest / render.SPEC_DIR, allowed)
    # With many pages, the interactive reference's documents are written by another process while this
    # one renders the pages (Microsoft Graph's take 8 s); only the reference page waits for them.
    reference: dict | Callable[[], dict]
    if render.many_pages(facts, own, tag):
        reference = forked.meanwhile(_reference, *documents, nice=render.APART_NICE)
    else:
        reference = _reference(*documents)
    context = render.VersionContext(tag, facts, (tag,), None, reference, previous.tag if previous else None,
                                    tuple(diff.compare(previous.spec, release.spec)) if previous else (),
                                    operations=own)
    try:
        return render.version_tree(project / "docs", dest, context, release.spec.raw, ready)
    finally:
        if callable(reference):
            reference()  # even when the pages failed: it stops the other process


def _reference(facts, spec, api_dir: Path, allowed: list[str]) -> dict:
    """Write the documents Scalar loads (scalar.write_documents); Scalar's configuration naming them."""
    parts, scalar_document = scalar.write_documents(spec.document, len(facts.operations),
                                                    spec.raw.published_name, api_dir, allowed,
                                                    partial(examples.every_field, spec))
    return scalar.configuration(facts, scalar_document, parts)


def later(catalog: Catalog, tag: str) -> operation_pages.Later:
    """What the pages of `tag` say of the releases after it: the pages of the operations and schemas
    only they have, and the indexes' lists of them."""
    stamped = [operations.absent_page_values(catalog, tag, operation) for operation in catalog.later(tag)]
    stamped += [schema_pages.absent_page_values(catalog, tag, name) for name in catalog.later_schemas(tag)]
    return operation_pages.Later(stamped, operations.elsewhere_html(catalog, tag),
                                 schema_pages.elsewhere_html(catalog, tag))

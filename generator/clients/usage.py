"""The overview's typed-client examples, rendered for one document so that the check compiles them.

They are the same templates the site publishes (docs/developer/clients/), so what readers copy is
what the compilers checked. They call list-libraries and trigger-scan; a document without those two
routes gets no example, and the check compiles the generated code alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator import render
from generator.errors import Location, fail
from generator.facts import extract
from generator.spec import Spec

DOCS = Path("docs")
TEMPLATES = DOCS / "developer" / "clients"
EXAMPLES = {"typescript": "list-and-scan.ts.j2", "python": "list_and_scan.py.j2"}
ROUTES = ("GET /api/libraries", "POST /api/libraries/{id}/scan")


@dataclass(frozen=True)
class _Version:
    tag: str


def examples(project: Path, spec: Spec, tag: str | None) -> dict[str, str | None]:
    """Language -> the example's source for this document, or None when it has nothing to call."""
    facts = extract(spec)
    routes = {operation.route for operation in facts.operations}
    folder = project / TEMPLATES
    if not set(ROUTES) <= routes or not folder.is_dir():
        return {language: None for language in EXAMPLES}
    # The site's own environment (its filters quote the spec's text safely): the same output as published.
    env = render._environment(project / DOCS)
    version = _Version(tag or facts.version)
    rendered: dict[str, str | None] = {}
    for language, name in EXAMPLES.items():
        template = (TEMPLATES / name).relative_to(DOCS).as_posix()
        try:
            rendered[language] = env.get_template(template).render(v=version, facts=facts)
        except jinja2.TemplateError as e:
            raise fail("template-error", f"cannot render the client example: {e}",
                       Location(str(folder / name), "", getattr(e, "lineno", None))) from e
    return rendered

"""Every corpus document builds with the reference-only profile into a one-version site that passed
the build's own checks (every link and anchor resolves, nothing loads from another host)."""

import pytest

from generator.errors import GeneratorError
from generator.facts import extract
from generator.render.operations import page_path
from tests.corpus.conftest import CORPUS, ids

REFERENCE = "docs/developer/api"


def built(session, document):
    result = session.site(document)
    if isinstance(result, GeneratorError):
        pytest.fail(f"{document.id} did not build:\n" + "\n".join(p.format() for p in result.problems[:20]))
    return result / document.tag


@pytest.mark.parametrize("document", CORPUS.documents, ids=ids(CORPUS.documents))
def test_a_public_document_builds_with_one_page_per_operation(session, document):
    version = built(session, document)
    operations = extract(session.spec(document)).operations
    missing = [op.route for op in operations if not (version / page_path(op) / "index.html").is_file()]
    assert missing == [], "every operation has its page"
    pages = list((version / REFERENCE / "operations").glob("*/index.html"))
    assert len(pages) == len({page_path(op) for op in operations}) == document.operations


@pytest.mark.parametrize("document", CORPUS.documents, ids=ids(CORPUS.documents))
def test_the_reference_without_javascript_links_the_document_the_release_publishes(session, document):
    version = built(session, document)
    published = [p.name for p in (version / REFERENCE).glob("openapi.*")]
    assert published == [session.file(document).name.replace(document.id, "openapi")]
    assert (version / REFERENCE / published[0]).read_bytes() == session.file(document).read_bytes()
    page = (version / REFERENCE / "index.html").read_text()
    noscript = page[page.index("<noscript>"):page.index("</noscript>")]
    assert f'href="{published[0]}"' in noscript

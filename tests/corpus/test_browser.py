"""Each corpus site in Chromium, all served by one loopback server: three operation pages and one deep
link into the reference show their content, with no console error and no request leaving 127.0.0.1
(the guard of tests/browser/conftest.py). codat-io-banking's middle operation is `x-internal`, which
Scalar hides unless the site shows it (generator/site/hidden.py)."""

import pytest

from generator.errors import GeneratorError
from generator.facts import extract
from generator.render.operations import page_path, reference_anchor
from tests.browser.conftest import wait_for_scalar
from tests.corpus.conftest import CORPUS, ids

REFERENCE = "docs/developer/api/"


def version_url(session, sites_url, document) -> str:
    if isinstance(session.site(document), GeneratorError):
        pytest.fail(f"{document.id} did not build (see test_build.py)")
    return f"{sites_url}/{document.id}/site/{document.tag}/"


def three(operations: tuple) -> list:
    """The first, middle and last operation (fewer when the document has fewer)."""
    picked = [operations[0], operations[len(operations) // 2], operations[-1]] if operations else []
    return list({op.pointer: op for op in picked}.values())


@pytest.mark.browser
@pytest.mark.parametrize("document", CORPUS.documents, ids=ids(CORPUS.documents))
def test_three_operation_pages_and_a_deep_link_show_their_content(page, session, sites_url, document):
    base = version_url(session, sites_url, document)
    facts = extract(session.spec(document))
    for operation in three(facts.operations):
        page.goto(base + page_path(operation))
        page.get_by_text(operation.path, exact=True).first.wait_for(state="visible")
        page.get_by_role("link", name="Open in the interactive reference").first.wait_for(state="visible")
    if facts.operations:
        operation = facts.operations[len(facts.operations) // 2]
        page.goto(base + REFERENCE + reference_anchor(operation))
        wait_for_scalar(page)
        shown = page.locator(".scalar-app").first.get_by_text(operation.summary or operation.path, exact=True)
        shown.first.wait_for(state="visible")
    else:  # a webhooks-only document: no operation to link, the reference opens on its introduction
        page.goto(base + REFERENCE)
        wait_for_scalar(page)
        title = session.spec(document).document["info"]["title"]
        page.locator(".scalar-app").first.get_by_text(title, exact=True).first.wait_for(state="visible")

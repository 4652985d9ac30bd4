"""Each corpus site in Chromium, all served by one loopback server: three operation pages and one deep
link into the reference show their content, with no console error and no request leaving 127.0.0.1
(the guard of tests/browser/conftest.py). codat-io-banking's middle operation is `x-internal`, which
Scalar hides unless the site shows it (generator/site/hidden.py). Graph's two deep links of make
bench's bench_deep_link are visited too."""

import pytest

from benchmarks.bench_deep_link import SPECS
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


@pytest.mark.browser
@pytest.mark.parametrize("link", SPECS["Graph"], ids=[link.label for link in SPECS["Graph"]])
def test_graph_s_benchmark_deep_links_show_their_operation_with_no_console_error(page, session, sites_url, link):
    """Graph's objects inherit, and Scalar's own merge of one whose array holds its own kind never ended
    (generator/site/all_of.py): these links threw "Maximum call stack size exceeded" until the build
    merged every named schema. The guard fails the test on any console error."""
    base = version_url(session, sites_url, CORPUS.by_id("microsoft-graph"))
    page.goto(base + REFERENCE + link.hash)
    wait_for_scalar(page)
    page.get_by_role("heading", name=link.heading, exact=True).first.wait_for(state="visible")
    page.wait_for_timeout(1_000)  # what Scalar renders beside the operation

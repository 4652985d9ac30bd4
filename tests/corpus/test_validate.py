"""`validate` on public documents: it never crashes, locates every finding, reports what each
document's manifest entry expects, and misses no error openapi-spec-validator reports."""

import pytest

from benchmarks.bench_validate import uncovered
from tests.corpus import support
from tests.corpus.conftest import CORPUS, ids

# openapi-spec-validator's errors that are not defects, each checked by hand: (document id, JSON path
# of the error, why). None today.
OSV_FALSE_POSITIVES: set[tuple[str, str]] = set()


@pytest.mark.parametrize("document", CORPUS.documents, ids=ids(CORPUS.documents))
def test_validate_locates_every_finding_and_never_crashes(session, document):
    problems = session.problems(document)
    assert [p.format() for p in problems if p.code == "rule-failed"] == [], "a rule crashed"
    unlocated = [p.format() for p in problems if p.location.pointer is None or p.location.line is None]
    assert unlocated == [], "every finding names its pointer and line"


@pytest.mark.parametrize("document", CORPUS.documents, ids=ids(CORPUS.documents))
def test_validate_reports_exactly_the_defects_the_manifest_lists(session, document):
    found: dict[str, list[str]] = {}
    for problem in session.problems(document):
        found.setdefault(f"{problem.level}[{problem.code}]", []).append(problem.location.pointer)
    expected = dict(document.findings)
    as_listed = {key: len(pointers) if isinstance(expected.get(key), int) else tuple(sorted(pointers))
                 for key, pointers in found.items()}
    assert as_listed == expected, "the manifest's `findings` of this document"


@pytest.mark.parametrize("document", CORPUS.documents, ids=ids(CORPUS.documents))
def test_validate_misses_no_error_openapi_spec_validator_reports(session, document):
    theirs = support.osv_errors(session.file(document))
    assert [e for e in theirs if e["kind"] == "crash"] == [], "openapi-spec-validator could not run"
    mine = [p.to_dict() for p in session.problems(document)]
    missed = [e for e in uncovered(theirs, mine)
              if (document.id, "/".join(e["path"])) not in OSV_FALSE_POSITIVES]
    assert missed == [], "errors openapi-spec-validator reports and validate does not"

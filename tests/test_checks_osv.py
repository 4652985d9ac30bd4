"""No finding of openapi-spec-validator is missing from ours, and ours carry the locations its lack."""

import orjson
import pytest

from benchmarks.bench_validate import KNOWN_DEFECTS, uncovered
from generator import checks
from generator.spec import RawSpec, load

osv = pytest.importorskip("openapi_spec_validator.shortcuts")


def osv_findings(document: dict) -> list[dict]:
    """openapi-spec-validator's errors in the shape the benchmark's driver prints them."""
    validator = osv.get_validator_cls(document)(document)
    found = []
    for kind, errors in (("document", validator.schema_validator.iter_errors(validator.schema)),
                         ("keyword", validator.root_validator(validator.schema_path))):
        found += [{"kind": kind, "type": type(e).__name__, "path": [str(p) for p in e.absolute_path],
                   "message": e.message} for e in errors]
    return found


def test_every_openapi_spec_validator_finding_on_the_known_defects_is_ours_too_with_a_line():
    data = KNOWN_DEFECTS.read_bytes()
    theirs = osv_findings(orjson.loads(data))
    ours = [p.to_dict() for p in checks.run(load(RawSpec(str(KNOWN_DEFECTS), data)))]
    assert len(theirs) == 9  # one of each kind it knows
    assert uncovered(theirs, ours) == []
    assert all(p["location"]["line"] for p in ours)


def test_a_finding_of_the_other_kind_does_not_count_as_covering():
    theirs = [{"kind": "keyword", "type": "DuplicateOperationIDError", "path": [],
               "message": "Operation ID 'getLibrary' for 'get' in '/a' is not unique"}]
    ours = [{"code": "operation-id-missing", "message": "GET /a has no operationId", "location": {"pointer": "/paths/~1a/get"}}]
    assert uncovered(theirs, ours) == theirs

"""`pull` and `validate` agree on whether a document's info.version is its release's tag: one rule."""

import pytest

from generator import checks
from generator.commands.pull import check_release
from generator.errors import GeneratorError
from generator.spec import RawSpec, load


def document(version_line: str) -> RawSpec:
    text = f"openapi: 3.1.0\ninfo:\n  title: t\n{version_line}paths: {{}}\n"
    return RawSpec("openapi.yaml", text.encode(), "v1.2.0")


@pytest.mark.parametrize("version_line, is_tag", [
    ("  version: 1.2.0\n", True),  # the tag without its v
    ("  version: v1.2.0\n", True),  # the tag as written
    ("  version: 1.2.1\n", False),  # another release's document
    ("", False),  # no version at all
    ("  version: 1.2\n", False),  # a YAML number
])
def test_pull_refuses_exactly_the_documents_the_house_rule_flags(version_line, is_tag):
    spec = load(document(version_line))
    flagged = any(p.code == "info-version-tag" for p in checks.run(spec))
    try:
        check_release(spec, "v1.2.0")
        refused = False
    except GeneratorError as e:
        refused = e.problems[0].code == "pull-version-mismatch"
    assert (flagged, refused) == (not is_tag, not is_tag)

"""A deep link names its tag as Scalar's own slugify does, so a tag with a dot, an underscore or
non-Latin letters opens its operation (Microsoft Graph's `me.calendar` is Scalar's `mecalendar`; the
link said `me-calendar` and the reference opened on nothing)."""

import json
import subprocess

from generator.layout import scalar_anchor, slug
from tests.conftest import PROJECT

SLUGIFY = PROJECT / "node_modules" / "@scalar" / "helpers" / "dist" / "string" / "slugify.js"
TAGS = [
    "me.calendar",  # Microsoft Graph's: Scalar drops the dot
    "Transaction categories",  # white space: one hyphen
    "snake_case -- tag",  # underscores, hyphens and spaces: one hyphen for each run
    "Überweisungen",  # a letter beyond ASCII is kept
    "日本語 タグ",  # so are non-Latin letters
    "v1.2 (beta)/keys",  # punctuation is dropped
    "  padded  ",  # trimmed
    "Cafe\u0301",  # a combining mark, composed first (NFC)
]


def scalar_slugs(names: list[str]) -> list[str]:
    script = (f"import {{ slugify }} from {json.dumps(SLUGIFY.as_uri())};"
              "process.stdout.write(JSON.stringify(JSON.parse(process.argv[1]).map((n) => slugify(n))));")
    done = subprocess.run(["node", "--input-type=module", "-e", script, json.dumps(names)],
                          capture_output=True, text=True, check=True, timeout=60)
    return json.loads(done.stdout)


def test_a_tag_slug_is_the_one_scalar_makes():
    assert [slug(name) for name in TAGS] == scalar_slugs(TAGS)


def test_a_deep_link_into_a_dotted_tag_names_it_as_scalar_does():
    assert scalar_anchor("GET", "/me/calendar", "me.calendar") == "tag/mecalendar/GET/me/calendar"

"""The sunset date a deprecated operation declares (`x-sunset`) is on its page and in the changelog."""

import json

from generator.pins import Pin, Release
from generator.spec import RawSpec, load
from tests.conftest import PROJECT
from tests.test_operations import sections, write


def test_a_deprecated_operation_with_a_sunset_date_shows_it_on_its_page(tmp_path):
    releases = []
    for tag in ("v1.0.0", "v1.1.0"):
        document = json.loads((PROJECT / "specs" / f"{tag}.json").read_text())
        if tag == "v1.1.0":
            document["paths"]["/api/users/me"]["get"]["x-sunset"] = "2027-01-31"
        raw = RawSpec(f"{tag}.json", json.dumps(document, indent=2).encode(), tag)
        releases.append(Release(Pin(tag, f"{tag}.json", "", 0, "", "", 0), load(raw)))
    intro = sections(write(tmp_path / "out", releases, "v1.1.0"), "getCurrentUser")["intro"]
    assert "This operation is deprecated since v1.1.0. Its sunset date is 2027-01-31." in intro

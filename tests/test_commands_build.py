"""The build derives each release's facts once (the catalog), not again when its pages are rendered."""

from __future__ import annotations

from generator import pins
from generator.commands.build import build_site
from generator.facts import ApiFacts
from tests.conftest import PROJECT


def test_a_build_extracts_the_facts_of_each_release_once(tmp_path, monkeypatch):
    # Counted in a file: the versions render in forked worker processes.
    log = tmp_path / "extracted"
    init = ApiFacts.__init__

    def counted(self, *args, **kwargs):
        init(self, *args, **kwargs)
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{self.version}\n")

    monkeypatch.setattr(ApiFacts, "__init__", counted)
    releases = pins.releases(PROJECT / "specs")
    build_site(PROJECT, releases, tmp_path / "site", use_cache=False, verify=False)
    extracted = log.read_text(encoding="utf-8").split()
    assert sorted(extracted) == sorted(release.spec.document["info"]["version"] for release in releases)

"""The reference-only profile (profiles/reference) used as the README's "Building any public spec"
says: documents handed over in incoming/, pulled under any tag, validated and built with the site checks
on into a site with the reference, operation pages and changelog, and no Aviato overview."""

import json

import pytest
import yaml

from benchmarks.reference_site import project_copy
from generator.cli import main
from generator.pins import latest_stable, version_key
from tests.conftest import PROJECT


def document(version: str, paths: dict, openapi: str = "3.0.3") -> dict:
    return {"openapi": openapi, "info": {"title": "Weather", "version": version}, "paths": paths}


def operation(summary: str) -> dict:
    return {"get": {"summary": summary, "responses": {"200": {"description": "OK"}}}}


@pytest.fixture
def profile(tmp_path):
    folder = project_copy(tmp_path / "weather")
    (folder / "incoming").mkdir()
    (folder / "incoming" / "2024-01-10.yaml").write_text(yaml.safe_dump(
        document("1", {"/forecast": operation("Forecast")})))
    (folder / "incoming" / "2024-06-20.json").write_text(json.dumps(
        document("2", {"/forecast": operation("Forecast"), "/alerts/{region}": {
            "get": {"operationId": "alertes météo", "parameters": [
                {"name": "region", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "OK"}}}}})))
    return folder


def test_calendar_tags_of_openapi_3_0_documents_pull_validate_and_build_with_the_profile(profile, capsys):
    for tag in ("2024-06-20", "2024-01-10"):  # pulled newest first: the manifest orders them anyway
        assert main(["pull", tag, "--project", str(profile), "--quiet"]) == 0
    assert main(["validate", "--project", str(profile), "--quiet"]) == 0
    assert main(["build", "--project", str(profile), "--quiet"]) == 0
    site = profile / "site"
    versions = json.loads((site / "versions.json").read_text())
    assert [(v["version"], v["aliases"]) for v in versions] == [("2024-06-20", ["latest"]),
                                                                ("2024-01-10", [])]
    assert (site / "2024-01-10/docs/developer/api/openapi.yaml").is_file()
    changelog = (site / "2024-06-20/docs/developer/changelog/index.html").read_text()
    assert "/alerts/{region}" in changelog and "2024-01-10" in changelog
    about = (site / "2024-06-20/docs/developer/index.html").read_text()
    assert "describes\n2 operations" in about and "API key" not in about, "no Aviato overview"
    assert 'href="api/schemas/"' in about, "the Schemas index in the navigation, as in Aviato's own site"
    assert len(list((site / "2024-06-20/docs/developer/api/operations").glob("*/index.html"))) == 2


def test_aviato_s_own_project_still_refuses_a_3_0_document_and_a_tag_that_is_not_its_version(profile, capsys):
    aviato = profile.parent / "aviato"
    aviato.mkdir()
    (aviato / "aviato-docs.toml").write_text((profile / "aviato-docs.toml").read_text())
    (aviato / "incoming").symlink_to(profile / "incoming")
    assert main(["pull", "2024-01-10", "--project", str(aviato), "--quiet"]) == 1
    assert "error[pull-not-openapi-3.1]" in capsys.readouterr().err


@pytest.mark.parametrize("older, newer", [
    ("2024-01-10", "2024-06-20"),  # calendar versions
    ("2023-12-31", "2024-01-01"),
    ("v9", "v10"),  # numbered API versions: 10 after 9, not before it as text would sort
    ("2019-01-01-preview", "2019-06-01"),
    ("prealpha", "v1.0.0"),  # any semantic version after every other tag, as before
])
def test_tags_that_are_not_semantic_versions_order_by_their_numbers(older, newer):
    assert version_key(older) < version_key(newer)


def test_the_newest_calendar_tag_is_the_latest_release_when_no_tag_is_a_semantic_version():
    assert latest_stable(["2024-06-20", "2023-01-05", "2024-01-10"]) == "2024-06-20"
    assert latest_stable(["2024-06-20", "v1.0.0", "v1.1.0-rc.1"]) == "v1.0.0"  # semantic ones win, as before


def test_the_profile_switches_off_every_house_rule_and_keeps_the_structural_ones():
    from generator.checks import RULES, config

    levels = config.load(PROJECT / "profiles" / "reference").levels
    house = {rule.id for rule in RULES.values() if rule.kind == "house"}
    assert {rule for rule, level in levels.items() if level == "off"} == house | {"openapi-3-0"}

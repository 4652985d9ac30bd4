"""Dependency updates are declared for every ecosystem, Scalar and Material each in a group of its own."""

from __future__ import annotations

import json
import re
import tomllib
from fnmatch import fnmatch

import pytest
import yaml

from tests import pipeline_support as ps

pytestmark = pytest.mark.pipeline


def dependabot() -> dict[str, dict]:
    config = yaml.safe_load((ps.PROJECT / ".github" / "dependabot.yml").read_text())
    return {update["package-ecosystem"]: update for update in config["updates"]}


def python_packages() -> list[str]:
    project = tomllib.loads((ps.PROJECT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    return [re.match(r"[A-Za-z0-9._-]+", r).group(0) for r in requirements if not r.startswith("aviato-docs")]


def npm_packages() -> list[str]:
    package = json.loads((ps.PROJECT / "package.json").read_text())
    return [*package["dependencies"], *package["devDependencies"]]


def group_of(update: dict, name: str) -> str:
    """The group Dependabot puts `name` in: the first whose patterns match and exclusions do not."""
    for group, rule in update["groups"].items():
        if any(fnmatch(name, p) for p in rule["patterns"]) and not any(
                fnmatch(name, p) for p in rule.get("exclude-patterns", [])):
            return group
    return ""


def test_python_npm_and_actions_updates_are_declared():
    """uv.lock, the npm packages and the workflows' actions all get weekly updates."""
    updates = dependabot()
    assert sorted(updates) == ["github-actions", "npm", "uv"]
    assert all(u["directory"] == "/" and u["schedule"]["interval"] == "weekly" for u in updates.values())


@pytest.mark.parametrize("ecosystem, package, packages", [
    ("uv", "mkdocs-material", python_packages),  # Material renders every page
    ("npm", "@scalar/api-reference", npm_packages),  # Scalar renders the interactive reference
])
def test_site_changing_packages_arrive_alone(ecosystem, package, packages):
    """The group of a package that changes the site holds that package and nothing else."""
    update = dependabot()[ecosystem]
    group = group_of(update, package)
    assert group and [p for p in packages() if group_of(update, p) == group] == [package]
    assert all(group_of(update, p) for p in packages()), "every package is in some group"

"""MkDocs, the engine: the one reader of `mkdocs.yml` and the one caller of MkDocs' build.

Imported only by the site stage, and MkDocs itself only when a version is built, so that every stage
before it runs without MkDocs. Moving to another engine (Zensical reads the same mkdocs.yml) means
changing this module and generator.site.material.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import jinja2
import yaml

from generator.errors import EXIT_CANNOT_RUN, GeneratorError, Location, Problem, fail

CONFIG_FILE = "mkdocs.yml"


def config_path(project: Path) -> Path:
    return project / CONFIG_FILE


def read_config(project: Path) -> dict:
    """The project's mkdocs.yml as plain data (MkDocs' own tags read as nothing); a located error when
    it cannot be read."""
    path = config_path(project)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except (OSError, yaml.YAMLError) as e:
        raise fail("mkdocs-config-invalid", f"cannot read {path.name}: {e}", Location(str(path))) from e


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may carry MkDocs' own tags (!ENV, !!python/name:...): read them as nothing."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def site_url(project: Path) -> str:
    """mkdocs.yml's `site_url`, or "" when it has none or cannot be read."""
    try:
        config = read_config(project)
    except GeneratorError:
        return ""
    value = config.get("site_url") if isinstance(config, dict) else None
    return str(value) if value else ""


def load():
    """MkDocs' build function, imported on first use (before worker processes fork, so that none
    imports it again)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build

    return build


def _list_lightly(theme) -> None:
    """MkDocs lists every file of the theme's folders on each build, to copy the static ones: with
    _ThemeLoader, it lists them without the hidden ones it leaves out anyway."""
    made = theme.get_env

    def get_env():
        env = made()
        env.loader = _ThemeLoader(theme.dirs)
        return env

    theme.get_env = get_env


class _ThemeLoader(jinja2.FileSystemLoader):
    """MkDocs' loader of the theme's templates (a FileSystemLoader of its folders), listing them without
    the files and folders whose names start with a dot, which MkDocs does not copy (its patterns `.*`
    and `*/.*`): Material's `.icons` alone are 14,000 files, each walked and matched against those
    patterns on every build. They load as before."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            for folder, folders, files in os.walk(searchpath, followlinks=self.followlinks):
                folders[:] = [name for name in folders if not name.startswith(".")]
                relative = Path(folder).relative_to(searchpath).as_posix()
                found.update(name if relative == "." else f"{relative}/{name}"
                             for name in files if not name.startswith("."))
        return sorted(found)


def build_version(project: Path, docs: Path, out: Path, tag: str, theme_values: dict) -> None:
    """Build the docs tree `docs` of version `tag` into `out` with the project's mkdocs.yml, its
    `site_url` under `/tag/`, and `theme_values` added to `extra.aviato` for the theme's templates."""
    mkdocs_build = load()
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config_file = config_path(project)
    try:
        config = load_config(config_file=str(config_file), docs_dir=str(docs), site_dir=str(out))
        _list_lightly(config.theme)
        base = str(config["site_url"] or "https://docs.example.invalid/")
        config["site_url"] = f"{base.rstrip('/')}/{tag}/"
        config["extra"]["version"] = {"provider": "mike", "default": "latest", "alias": True}
        config["extra"]["aviato"] = {**(config["extra"].get("aviato") or {}), **theme_values, "tag": tag,
                                     "canonical_root": f"{base.rstrip('/')}/"}
        mkdocs_build(config)
    except MkDocsException as e:
        raise GeneratorError([Problem("mkdocs-failed", "error", f"{tag}: MkDocs failed: {e}",
                                      Location(str(config_file)))], EXIT_CANNOT_RUN) from e

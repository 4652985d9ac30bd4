"""Prove that each published document generates typed clients that compile.

For every document, from the exact bytes the site publishes at `/V/docs/developer/api/openapi.json`:
TypeScript types with openapi-typescript, compiled by `tsc --strict` together with an openapi-fetch
client; a Python package with openapi-python-client, imported and type-checked by mypy. Each tool's
failure becomes a located problem. Verdicts are cached by the document's sha256 (see cache.py), and
versions are checked in parallel: each step is a separate process, so threads only wait on them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from generator.clients import python, tools, typescript, usage
from generator.clients.cache import Cache, Stored
from generator.clients.findings import to_problem
from generator.errors import GeneratorError, Problem
from generator.pins import Release
from generator.spec import Spec

LANGUAGES = {typescript.NAME: typescript, python.NAME: python}
CACHE = Path(".cache/clients")  # below the project; gitignored


@dataclass(frozen=True)
class Target:
    """One document to check: a pinned release, or a file given on the command line."""

    spec: Spec
    tag: str | None = None

    @property
    def label(self) -> str:
        return self.tag or self.spec.source

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.spec.raw.data).hexdigest()


@dataclass(frozen=True)
class LanguageResult:
    language: str
    stored: Stored
    cached: bool  # the verdict came from the cache; nothing was generated
    seconds: float  # spent in this run


@dataclass(frozen=True)
class Outcome:
    target: Target
    results: tuple[LanguageResult, ...]

    @property
    def problems(self) -> list[Problem]:
        return [to_problem(finding, self.target.spec, result.stored.folder,
                           f"{self.target.label} ({result.language})")
                for result in self.results for finding in result.stored.findings]

    @property
    def cached(self) -> bool:
        return all(result.cached for result in self.results)


def check(project: Path, targets: list[Target], cache_root: Path | None = None, jobs: int | None = None,
          force: bool = False, progress=lambda message: None) -> list[Outcome]:
    """Generate and compile the clients of every target; a document already checked is not generated again."""
    cache = Cache(cache_root or project / CACHE)
    toolset = replace(tools.find(project), shared_cache=cache.root)
    progress = _one_line_at_a_time(progress)
    unique = {target.sha256: target for target in targets}  # the same bytes under two tags: one check
    examples = {sha: usage.examples(project, target.spec, target.tag) for sha, target in unique.items()}
    with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
        futures = {(sha, language): pool.submit(_check_one, target, language, examples[sha][language], cache,
                                                toolset, force, progress)
                   for sha, target in unique.items() for language in LANGUAGES}
        done = {key: future.result() for key, future in futures.items()}
    return [Outcome(target,
                    tuple(done[(target.sha256, language)] for language in LANGUAGES)) for target in targets]


def gate(project: Path, releases: list[Release], progress=lambda message: None,
         cache_root: Path | None = None) -> list[Outcome]:
    """For the build: stop on any error in any version's clients; warnings are only counted."""
    outcomes = check(project, [Target(release.spec, release.tag) for release in releases], cache_root,
                     progress=progress)
    errors = [problem for outcome in outcomes for problem in outcome.problems if problem.level == "error"]
    if errors:
        raise GeneratorError(errors)
    for outcome in outcomes:
        if outcome.problems:
            label = outcome.target.label
            progress(f"{label}: the clients compile, with {len(outcome.problems)} generator warnings "
                     f"(aviato-docs clients check {label} lists them)")
    return outcomes


def _check_one(target: Target, language: str, example: str | None, cache: Cache, toolset: tools.Toolset,
               force: bool, progress) -> LanguageResult:
    start = time.perf_counter()
    fingerprint = toolset.fingerprint(language, example)
    stored = None if force else cache.load(target.sha256, language, fingerprint)
    if stored is not None:
        return LanguageResult(language, stored, True, time.perf_counter() - start)
    progress(f"{target.label}: generating and compiling the {language} client")
    spec_file = cache.spec_file(target.sha256, target.spec.raw.data)
    workspace = cache.workspace(target.sha256, language)
    module = LANGUAGES[language]
    try:
        findings = [_explain_example(finding, module.USAGE, usage.EXAMPLES[language])
                    for finding in module.check(spec_file, workspace, example, toolset, target.spec.document)]
    except BaseException:
        shutil.rmtree(workspace, ignore_errors=True)  # no verdict: leave nothing half-made behind
        raise
    seconds = time.perf_counter() - start
    return LanguageResult(language,
                          cache.store(target.sha256, language, workspace, fingerprint, findings, seconds),
                          False, seconds)


def _explain_example(finding, example_file: str, template: str):
    """A compiler error in the overview's example: the document no longer fits what the example uses."""
    if finding.location.source != example_file or finding.hint:
        return finding
    return replace(finding,
                   hint=f"this is the overview's example {usage.TEMPLATES / template}, compiled against "
                        "this document's types: the document changed something the example uses")


def _one_line_at_a_time(progress):
    """The checks report from several threads; their lines must not interleave."""
    lock = threading.Lock()

    def report(message: str) -> None:
        with lock:
            progress(message)
    return report

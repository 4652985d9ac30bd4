"""The machine-readable text beside the pages (issue 15): per version, the size of llms-full.txt (the
overview and every operation in one file), of llms.txt and of all the pages' Markdown twins, raw and
gzipped, on Aviato's pinned specs and on GitHub's REST spec (1,223 operations) as one version.
Sizes only: nothing to compare them with but each other."""

from __future__ import annotations

import gzip
from pathlib import Path

from benchmarks import Row, reference_site, scratch
from generator import pins
from generator.commands.build import build_site
from generator.render import llms

PROJECT = reference_site.PROJECT


def version_rows(label: str, version: Path) -> list[Row]:
    full = (version / llms.FULL).read_bytes()
    twins = [p.read_bytes() for p in version.rglob("index.md")]
    return [
        Row(f"{label}: llms-full.txt", len(full) / 1024, "KiB"),
        Row("  gzipped", len(gzip.compress(full)) / 1024, "KiB"),
        Row("  llms.txt", (version / llms.INDEX).stat().st_size / 1024, "KiB"),
        Row(f"  Markdown twins ({len(twins)} pages)", sum(map(len, twins)) / 1024, "KiB"),
    ]


def run() -> list[Row]:
    rows = []
    with scratch(prefix="bench-llms-") as work:
        built = build_site(PROJECT, pins.releases(PROJECT / "specs"), Path(work) / "aviato", use_cache=False)
        for tag in built.versions:
            rows += version_rows(f"Aviato {tag}", built.site / tag)
        github = reference_site.build(Path(work) / "github", reference_site.github_release())
        rows += version_rows("GitHub spec", github / reference_site.TAG)
    return rows

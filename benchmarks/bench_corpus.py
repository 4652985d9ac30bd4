"""The corpus table: each public document of tests/corpus/manifest.toml built with the reference-only
profile, every site check on, in a fresh process of its own (so that its peak memory is its own):
operations, build seconds, peak MB (the build process or its largest worker), site MB and the median
operation page in KB. The Markdown table goes to test-results/corpus-table.md for the README.

    python -m benchmarks bench_corpus          # the whole corpus (make corpus fetches it)
    python -m benchmarks.bench_corpus ID       # one document, its figures as JSON
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import Row, peak_mb, scratch

PROJECT = Path(__file__).resolve().parent.parent
TABLE = PROJECT / "test-results" / "corpus-table.md"
OPERATION_PAGES = "docs/developer/api/operations/*/index.html"


def child(document_id: str) -> dict:
    """Build one document's site and measure it."""
    from generator.errors import GeneratorError
    from tests.corpus import support
    from tests.corpus.fetch import corpus, fetch

    document = corpus().by_id(document_id)
    path = fetch((document,))[document.id]
    with scratch() as work:
        start = time.perf_counter()
        try:
            site = support.build(document, path, Path(work))
        except GeneratorError as e:
            first = e.problems[0]  # without its location: a file in a build folder that is gone
            return {"id": document.id, "error": f"{first.code}: {first.message[:160]}"}
        seconds = time.perf_counter() - start
        files = [p for p in site.rglob("*") if p.is_file() and "_shared" not in p.parts]
        pages = [p.stat().st_size for p in (site / document.tag).glob(OPERATION_PAGES)]
        return {"id": document.id, "operations": document.operations, "seconds": seconds,
                "peak_mb": max(peak_mb(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
                "site_mb": sum(p.stat().st_size for p in files) / 2**20,
                "median_page_kb": statistics.median(pages) / 1024 if pages else 0.0}


def _measure(document_id: str) -> dict:
    print(f"  {document_id} ...", file=sys.stderr, flush=True)
    done = subprocess.run([sys.executable, "-m", "benchmarks.bench_corpus", document_id], capture_output=True,
                          text=True, cwd=PROJECT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if done.returncode != 0:
        return {"id": document_id, "error": done.stderr.strip().splitlines()[-1][:300]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(figures: list[dict]) -> str:
    lines = ["| Document | Operations | Build s | Peak MB | Site MB | Median page KB |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for each in sorted(figures, key=lambda f: f.get("operations", -1)):
        if "error" in each:
            lines.append(f"| `{each['id']}` | did not build: {each['error']} | | | | |")
        else:
            lines.append(f"| `{each['id']}` | {each['operations']:,} | {each['seconds']:.1f} "
                         f"| {each['peak_mb']:.0f} | {each['site_mb']:.1f} | {each['median_page_kb']:.1f} |")
    return "\n".join(lines) + "\n"


def run() -> list[Row]:
    from tests.corpus.fetch import corpus, fetch

    documents = corpus().documents
    fetch(documents)  # downloads only what the cache lacks
    figures = [_measure(d.id) for d in documents]
    TABLE.parent.mkdir(exist_ok=True)
    TABLE.write_text(table(figures))
    print(f"the corpus table: {TABLE}", file=sys.stderr)
    return [Row(f"corpus: build {f['id']} ({f['operations']:,} operations, {f['peak_mb']:.0f} MB peak)",
                f["seconds"], "s") for f in figures if "error" not in f]


if __name__ == "__main__":
    print(json.dumps(child(sys.argv[1])))

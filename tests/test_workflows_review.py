"""The review workflow that Aviato's repository calls on its pull requests, run as written: its `run:`
steps against two commits of a scratch repository, `gh` stood in for by a shim that answers the
comment list and records what would be posted."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests import pipeline_support as ps

pytestmark = pytest.mark.pipeline

STAND_INS = ["actions/checkout@v4",  # the scratch repository
             "actions/checkout@v4",  # .aviato-docs: the release test's clone, set up already
             "actions/setup-python@v5", "actions/cache@v4"]
MARKER = "<!-- aviato-docs api-review: openapi.json -->"
# Fixed authors and dates: the scratch commits, and so the comment that names them, are the same every run.
COMMIT_ENV = {"GIT_AUTHOR_NAME": "Aviato", "GIT_AUTHOR_EMAIL": "dev@aviato.example",
              "GIT_COMMITTER_NAME": "Aviato", "GIT_COMMITTER_EMAIL": "dev@aviato.example",
              "GIT_AUTHOR_DATE": "2026-11-02T10:00:00Z", "GIT_COMMITTER_DATE": "2026-11-02T10:00:00Z"}


@pytest.fixture(scope="session")
def released(tmp_path_factory) -> ps.Released:
    return ps.released(tmp_path_factory)


def scratch_repository(root: Path, released: ps.Released, head: dict) -> tuple[Path, str, str]:
    """Aviato's repository in miniature: openapi.json at v1.2.0 on the base, `head` on the pull request."""
    repo = root / "aviato"
    repo.mkdir()
    ps.git("init", "--quiet", "-b", "main", cwd=repo)
    env = {**os.environ, **COMMIT_ENV}
    shutil.copy(released.clone / "specs" / f"{ps.PREVIOUS_TAG}.json", repo / "openapi.json")
    base = _commit(repo, "the released API", env)
    (repo / "openapi.json").write_text(json.dumps(head, indent=2))
    return repo, base, _commit(repo, "change the API", env)


def _commit(repo: Path, message: str, env: dict) -> str:
    subprocess.run(["git", "add", "openapi.json"], cwd=repo, check=True)
    subprocess.run(["git", "commit", "--quiet", "-m", message], cwd=repo, check=True, env=env)
    return ps.git("rev-parse", "HEAD", cwd=repo).strip()


def review(tmp_path: Path, released: ps.Released, head: dict, fork: bool = False,
           comments: list | None = None) -> tuple[ps.JobRun, Path]:
    repo, base, head_sha = scratch_repository(tmp_path, released, head)
    (repo / ".aviato-docs").symlink_to(released.clone)
    shims, calls = tmp_path / "shims", tmp_path / "gh-calls"
    calls.mkdir()
    (calls / "comments.json").write_text(json.dumps(comments or []))
    gh_shim(shims, calls)
    job = ps.job("review.yml", "diff")
    assert ps.uses(job) == STAND_INS, "a new `uses:` step needs its stand-in here"
    expressions = {
        "inputs.spec": "openapi.json", "inputs.fail-on": "error",
        "github.event.pull_request.base.sha": base, "github.event.pull_request.head.sha": head_sha,
        "github.event.pull_request.head.repo.full_name == github.repository": "false" if fork else "true",
        "github.token": "ghs_review_test_token", "github.repository": "aviato-media/aviato",
        "github.event.pull_request.number": "42",
    }
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    return ps.Runner(job, repo, temp, expressions, shims=shims).run(), calls


def gh_shim(folder: Path, calls: Path) -> None:
    """`gh api`: a GET prints comments.json; a POST or PATCH records the call and the body it sends."""
    folder.mkdir()
    (folder / "gh").write_text(f"""#!/bin/sh
printf '%s\\n' "gh $*" >> "{calls}/log"
case " $* " in
  *" --method "*) for arg; do case "$arg" in body=@*) cp "${{arg#body=@}}" "{calls}/sent.md";; esac; done;;
  *) cat "{calls}/comments.json";;
esac
""")
    (folder / "gh").chmod(0o755)


def additive_change(released: ps.Released) -> dict:
    document = json.loads((released.clone / "specs" / f"{ps.PREVIOUS_TAG}.json").read_text())
    document["paths"]["/api/health"]["get"]["summary"] = "Check that the server answers"
    return document


def test_the_comment_is_the_markdown_diff_behind_its_marker(tmp_path, released, golden):
    """The comment opens with its hidden marker, then the diff of base -> head as Markdown."""
    run, calls = review(tmp_path, released, ps.new_release(released.clone))
    sent = (calls / "sent.md").read_text()
    assert sent.splitlines()[0] == MARKER
    golden("review/comment-operation-removed.md", sent)
    assert run.summary == sent  # the job summary holds the same


def test_a_first_review_posts_one_comment(tmp_path, released):
    """No comment with the marker yet: one is posted on the pull request."""
    _, calls = review(tmp_path, released, additive_change(released),
                      comments=[{"id": 7, "body": "Looks good to me"}])
    posts = [line for line in (calls / "log").read_text().splitlines() if "--method" in line]
    assert posts == [f"gh api --method POST repos/aviato-media/aviato/issues/42/comments -F body=@{tmp_path}/"
                     "runner-temp/api-review.md"]


def test_a_new_push_edits_the_comment_in_place(tmp_path, released):
    """The comment posted before (found by its marker) is edited; no second comment appears."""
    earlier = [{"id": 7, "body": "Looks good to me"}, {"id": 9, "body": MARKER + "\nthe previous diff"}]
    _, calls = review(tmp_path, released, additive_change(released), comments=earlier)
    posts = [line for line in (calls / "log").read_text().splitlines() if "--method" in line]
    assert posts == [f"gh api --method PATCH repos/aviato-media/aviato/issues/comments/9 -F body=@{tmp_path}/"
                     "runner-temp/api-review.md"]


def test_a_policy_error_fails_the_check_with_annotations(tmp_path, released):
    """Removing an operation nobody deprecated fails the job, annotated on the head's line."""
    run, _ = review(tmp_path, released, ps.new_release(released.clone))
    assert run.failed is not None and run.failed.name == "Fail on changes at or above fail-on", run.report()
    annotate = next(s for s in run.steps if s.name == "Annotate the changed lines")
    assert annotate.returncode == 0
    assert annotate.stdout.startswith(
        "::error file=openapi.json,line=2324,col=5,title=error[operation-removed-without-deprecation]::")


def test_an_additive_change_passes_the_check(tmp_path, released):
    """A changed summary is reported but breaks nothing: every step passes."""
    run, _ = review(tmp_path, released, additive_change(released))
    assert run.failed is None, run.report()


def test_a_pull_request_from_a_fork_gets_the_job_summary_instead(tmp_path, released):
    """A fork's read-only token cannot comment: the step is skipped, the summary holds the diff."""
    run, calls = review(tmp_path, released, ps.new_release(released.clone), fork=True)
    assert not (calls / "log").exists()
    comment_step = next(s for s in run.steps if s.name.startswith("Post the comment"))
    assert comment_step.returncode is None
    assert run.summary.startswith(MARKER + "\n### API changes from ")

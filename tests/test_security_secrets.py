"""A token given to publish appears in no output file, built page, log line or message, whatever happens.

tests/test_pull.py already greps `pull`'s output and files for the token; this extends the same check
to `publish` (pull, then the whole build into site/) and `releases`, through a success, a refused
token, a fault halfway through a download, and a missing release.
"""

import logging

from generator.cli import main
from tests.peers.http import Answer
from tests.peers.project import spec_bytes
from tests.test_pull import TOKEN, github, project  # noqa: F401  (fixtures: a fake GitHub and a project using it)

RUNS = [
    ["publish", "v1.2.0", "--no-check-clients"],  # pulled, built, published
    ["publish", "v1.2.0", "--no-check-clients", "--format", "json"],  # again: unchanged, rebuilt
    ["publish", "v1.3.0", "--no-check-clients"],  # the download is cut off
    ["publish", "v9.9.9", "--no-check-clients"],  # no such release
    ["releases"],  # lists the source's releases with the token
]


def run_all(project, capsys) -> list[str]:
    outputs = []
    for args in RUNS:
        main([args[0], "--project", str(project), *args[1:]])
        captured = capsys.readouterr()
        outputs += [captured.out, captured.err]
    return outputs


def test_the_token_is_in_no_output_file_page_log_or_message(project, github, capsys, monkeypatch, caplog):  # noqa: F811
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    github.release("v1.2.0", spec_bytes("1.2.0"))
    github.release("v1.3.0", spec_bytes("1.3.0"), storage=[Answer(200, spec_bytes("1.3.0"), cut_after=10)])
    outputs = run_all(project, capsys)
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_WRONG_" + TOKEN)  # refused: the 401 message names no token
    outputs += run_all(project, capsys)
    assert (project / "site/v1.2.0/docs/developer/api/index.html").is_file(), "the site was built"
    assert [o for o in outputs + [caplog.text] if TOKEN in o] == []
    written = [p for p in project.rglob("*") if p.is_file() and not p.is_symlink()
               and "node_modules" not in p.relative_to(project).parts]
    assert written and [p for p in written if TOKEN.encode() in p.read_bytes()] == []
    sent = [s.headers["authorization"] for s in github.api.seen]
    assert f"Bearer {TOKEN}" in sent, "the token was really used, so its absence above means something"
    assert not [s for s in github.storage.seen if "authorization" in s.headers], "never across the redirect"

"""`aviato-docs diff`: exact output, exit codes for CI, and each kind of side (tag, file, URL, git)."""

import http.server
import json
import re
import threading
from functools import partial
from pathlib import Path

import pytest

from generator import diff
from generator.cli import main
from generator.diff import formats
from generator.spec import RawSpec, load
from tests.conftest import FIXTURES, PROJECT

PAIRS = FIXTURES / "diff"


def run(capsys, *args):
    code = main(["diff", "--project", str(PROJECT), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_pinned_history_follows_the_policy(capsys):
    assert run(capsys, "--history") == (0, (
        "3 pinned releases: v1.0.0, v1.1.0, v1.2.0\n"
        "v1.0.0 -> v1.1.0: 15 changes: 1 deprecation, 11 additive, 3 info\n"
        "v1.1.0 -> v1.2.0: 20 changes: 2 deprecation, 12 additive, 6 info\n"
        "the history follows the versioning policy\n"), "")


def test_a_removal_without_deprecation_prints_located_lines_grouped_by_operation_and_fails(capsys):
    old, new = PAIRS / "operation-removed-without-deprecation/old.json", PAIRS / "operation-removed-without-deprecation/new.json"
    code, out, err = run(capsys, str(old), str(new))
    assert code == 1 and err == ""
    assert out == (
        f"{old} -> {new}: 1 change: 1 error\n"
        "\n"
        "getThing (GET /api/things/{id})\n"
        "  error[operation-removed-without-deprecation] the operation was removed but the old release did not "
        "deprecate it; the versioning policy removes routes only after a release that deprecates them\n"
        f"    new: {new}:24:5 (at /paths/~1api~1things~1{{id}}/get)\n"
        f"    old: {old}:35:7 (at /paths/~1api~1things~1{{id}}/get)\n")


@pytest.mark.parametrize("fail_on, code", [
    ("breaking", 0),  # v1.2.0 removes getCurrentUser only after v1.1.0 deprecated it
    ("deprecation", 1),  # ... which is a deprecation-level change
    ("any", 1),  # and there are additions
    ("error", 0),  # no policy violation: the default
])
def test_fail_on_sets_the_exit_code_for_ci(capsys, fail_on, code):
    assert run(capsys, "v1.1.0", "v1.2.0", "--fail-on", fail_on)[0] == code


def test_json_output_follows_the_documented_schema(capsys):
    code, out, _ = run(capsys, "v1.1.0", "v1.2.0", "--format", "json")
    document = json.loads(out)
    assert code == 0
    assert document["schema"] == "aviato-docs/diff/1"
    assert document["old"]["tag"] == "v1.1.0" and document["new"]["tag"] == "v1.2.0"
    assert document["summary"] == {"error": 0, "breaking": 0, "warning": 0, "deprecation": 2, "additive": 12, "info": 6}
    removed = next(c for c in document["changes"] if c["id"] == "operation-removed")
    assert removed["operation"]["operationId"] == "getCurrentUser" and removed["operation"]["removed"] is True
    assert removed["old"]["pointer"] == "/paths/~1api~1users~1me/get" and removed["old"]["line"] > 1
    assert set(removed) == {"id", "level", "message", "operation", "old", "new", "fingerprint", "accepted"}


def test_markdown_output_is_a_pull_request_comment_linking_the_published_reference(capsys):
    code, out, _ = run(capsys, "v1.1.0", "v1.2.0", "--format", "markdown", "--site-url", "https://docs.example")
    assert code == 0
    assert out.startswith("### API changes from `v1.1.0` to `v1.2.0`\n\n20 changes: 2 deprecation, 12 additive, 6 info\n")
    assert "<details>\n<summary>deprecation (2)</summary>" in out
    # a removed operation links to the release that still had it, the others to the new release
    assert '<a href="https://docs.example/v1.1.0/docs/developer/api/#tag/users/GET/api/users/me">' in out
    assert '<a href="https://docs.example/v1.2.0/docs/developer/api/#tag/collections/GET/api/collections">' in out


def hostile_pair(tmp_path):
    old = json.loads((PAIRS / "response-property-added/old.json").read_text())
    old["components"]["schemas"]["Thing"]["properties"].pop("status")
    new = json.loads((PAIRS / "response-property-added/old.json").read_text())
    new["components"]["schemas"]["Thing"]["properties"]["<img src=x onerror=alert(1)>"] = {"type": "string"}
    paths = tmp_path / "old.json", tmp_path / "new.json"
    for path, document in zip(paths, (old, new)):
        path.write_text(json.dumps(document, indent=2))
    return [str(p) for p in paths]


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_text_from_the_specs_is_inert_in_markdown_and_html(capsys, tmp_path, fmt):
    _, out, _ = run(capsys, *hostile_pair(tmp_path), "--format", fmt)
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "<img" not in out


PAYLOAD = "\n\n# HEADING\n\n@someone #1 [click](https://evil.example) www.evil.example `x` | <b>b</b> *e* $m$"


def markup_pair(tmp_path):
    """Old and new specs whose changes carry PAYLOAD in a server URL, a tag, a property, an enum value and a path."""
    old = json.loads((PAIRS / "response-property-added/old.json").read_text())
    new = json.loads(json.dumps(old))
    new["servers"].append({"url": PAYLOAD})
    new["tags"].append({"name": PAYLOAD})
    thing = new["components"]["schemas"]["Thing"]["properties"]
    thing[PAYLOAD] = {"type": "string"}
    thing["status"]["enum"].append(PAYLOAD)
    moved = json.loads(json.dumps(new["paths"]["/api/things/{id}"]))
    for operation in (moved["get"], moved["patch"]):
        operation["operationId"] += "Again"
    new["paths"]["/api/" + PAYLOAD] = moved
    paths = tmp_path / "old.json", tmp_path / "new.json"
    for path, document in zip(paths, (old, new)):
        path.write_text(json.dumps(document, indent=2))
    return [str(p) for p in paths]


def test_values_in_the_markdown_comment_make_no_heading_link_or_mention(capsys, tmp_path):
    from markdown_it import MarkdownIt

    # GitHub finds autolinks (`https:`, `www.`) and math (`$`) in the source text, as markdown-it does
    # before "text_join" merges the decoded character references into the text around them; it finds
    # @mentions and #references in the rendered text. (gfm-like needs linkify-it-py, not installed.)
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("text_join")
    sides = markup_pair(tmp_path)
    changes = diff.compare(*(load(RawSpec(p, Path(p).read_bytes())) for p in sides))
    out = formats.as_markdown(changes, formats.Sides(*sides, "v1.0.0", "v1.1.0", "https://docs.example"))
    assert "operation-added" in {c.rule for c in changes}  # the payload's path is linked
    tokens = parser.parse(out)
    assert sum("HEADING" in t.content for t in tokens if t.type == "inline") >= 5  # the payload is there
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h3"]  # the comment's own title only
    assert [t.type for t in tokens if t.type.startswith(("table", "blockquote", "hr", "code_block", "fence"))] == []
    inline = [child for t in tokens if t.type == "inline" for child in t.children]
    assert {t.type for t in inline} <= {"text", "text_special", "code_inline", "html_inline", "softbreak", "strong_open",
                                        "strong_close"}
    assert all(t.content in {*diff.RULES, "v1.0.0", "v1.1.0"} for t in inline if t.type == "code_inline")
    own_tags = re.compile(r'^</?(code|details|summary|sub)>$|^<a href="https://docs\.example/[^"]*">$|^</a>$')
    assert [t.content for t in inline if t.type == "html_inline" and not own_tags.match(t.content)] == []
    source_runs = [t.content for t in inline if t.type == "text"]
    assert [run for run in source_runs if re.search(r"https?:|www\.|\$", run)] == []
    rendered = "".join(t.content for t in inline if t.type in ("text", "text_special"))
    assert re.findall(r"[@#][A-Za-z0-9]", rendered) == []


def test_the_terminal_view_is_coloured_only_for_a_terminal(capsys):
    old, new = (str(PAIRS / "response-property-removed" / n) for n in ("old.json", "new.json"))
    assert "\033[" not in run(capsys, old, new)[1]
    sides = formats.Sides(old, new)
    changes = diff.compare(*(load(RawSpec(p, Path(p).read_bytes())) for p in (old, new)))
    assert "\033[31mbreaking\033[0m" in formats.as_text(changes, sides, colour=True)


def test_a_git_side_reads_the_file_at_that_revision(capsys):
    assert run(capsys, "git:HEAD:specs/v1.2.0.json", "v1.2.0") == (
        0, "git:HEAD:specs/v1.2.0.json -> v1.2.0: no changes\n", "")


def test_an_http_side_is_fetched(capsys):
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(PAIRS / "operation-added"))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/new.json"
        code, out, _ = run(capsys, str(PAIRS / "operation-added/old.json"), url, "--format", "json")
    finally:
        server.shutdown()
        server.server_close()
    assert code == 0
    assert [c["id"] for c in json.loads(out)["changes"]] == ["operation-added"]


@pytest.mark.parametrize("args, code, message", [
    (["v0.9.0", "v1.2.0"], 2, "'v0.9.0' is not a pinned tag"),  # neither a tag, a file, a URL nor git:
    (["git:HEAD", "v1.2.0"], 2, "write git:REF:path"),  # git side without a path
    (["v1.2.0"], 2, "give OLD and NEW, or --history"),  # one side only
    (["git:no-such-ref:specs/v1.2.0.json", "v1.2.0"], 3, "git show no-such-ref:specs/v1.2.0.json failed"),
])
def test_sides_that_cannot_be_read_say_why(capsys, args, code, message):
    result, _, err = run(capsys, *args)
    assert result == code
    assert message in err


def test_a_git_ref_that_looks_like_an_option_is_refused_and_writes_nothing(capsys, tmp_path):
    target = tmp_path / "written"
    code, out, err = run(capsys, f"git:--output={target}:y", "v1.2.0")
    assert (code, out) == (2, "")
    assert f"git:--output={target}:y: error[diff-side-unknown] " in err and "cannot start with '-'" in err
    assert not target.exists()


def test_git_is_told_where_its_options_end(monkeypatch, tmp_path):
    # Even a ref the check let through cannot become an option: every git call ends its options first.
    from generator.diff import sides
    from generator.source import git
    calls = []
    real = git.subprocess.run
    monkeypatch.setattr(git.subprocess, "run", lambda argv, **kw: calls.append(argv) or real(argv, **kw))
    sides.open_side("git:HEAD:specs/v1.2.0.json", PROJECT, PROJECT / "specs")
    assert calls and all(argv[argv.index("--end-of-options") + 1] == "HEAD:specs/v1.2.0.json" for argv in calls)


def test_a_git_side_larger_than_the_limit_is_refused_before_it_is_read(capsys, monkeypatch):
    from generator.source import targets
    monkeypatch.setattr(targets, "MAX_BYTES", 100)
    code, _, err = run(capsys, "git:HEAD:specs/v1.2.0.json", "v1.2.0")
    assert code == 3 and "over the 100-byte limit" in err


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the server's own log is not the command's output
        pass


def test_an_http_side_that_is_not_there_says_so_without_its_query(capsys):
    handler = partial(QuietHandler, directory=str(PAIRS / "operation-added"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/gone.json?token=s3cret"
        code, out, err = run(capsys, url, "v1.2.0")
    finally:
        server.shutdown()
        server.server_close()
    assert code == 3
    assert f"cannot fetch http://127.0.0.1:{server.server_address[1]}/gone.json: HTTP 404" in err
    assert "s3cret" not in out + err

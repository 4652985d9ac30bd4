"""`aviato-docs validate`: output formats, --fail-on, exit codes, pinned tags, and the build gate."""

import hashlib
import json
from generator.cli import main
from tests.conftest import FIXTURES, PROJECT

CHECKS = FIXTURES / "checks"
BAD_EXAMPLE = CHECKS / "example-invalid" / "bad.json"
BOM = CHECKS / "byte-order-mark" / "bad.json"
GOOD = CHECKS / "example-invalid" / "good.json"
POINTER = "/paths/~1api~1libraries~1{id}/get/responses/200/content/application~1json"


def validate(capsys, *args):
    code = main(["validate", "--project", str(PROJECT), *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_clean_spec_exits_0_and_says_so_on_stderr(capsys):
    assert validate(capsys, GOOD) == (0, "", "aviato-docs: checked 1 spec: no problems\n")


def test_text_findings_go_to_stdout_one_located_line_each_and_exit_1(capsys):
    code, out, err = validate(capsys, BAD_EXAMPLE)
    assert code == 1
    assert out == (f'{BAD_EXAMPLE}:68:17: error[example-invalid] the example does not match its schema: "name" is a '
                   f"required property (at {POINTER}/example)\n  hint: the schema is at #/components/schemas/Library\n")
    assert err == "aviato-docs: checked 1 spec: 1 error\n"


def test_warnings_pass_unless_fail_on_warning(capsys):
    assert validate(capsys, BOM, "--quiet")[0] == 0
    code, out, _ = validate(capsys, BOM, "--quiet", "--fail-on", "warning")
    assert code == 1 and out.startswith(f"{BOM}:1:1: warning[byte-order-mark] ")


def test_json_format_has_the_same_fields_for_every_spec(capsys):
    code, out, err = validate(capsys, BAD_EXAMPLE, GOOD, "--format", "json")
    report = json.loads(out)
    assert code == 1 and err == ""
    assert report["counts"] == {"error": 1, "warning": 0, "info": 0}
    assert [s["source"] for s in report["specs"]] == [str(BAD_EXAMPLE), str(GOOD)]
    (problem,) = report["problems"]
    assert problem["code"] == "example-invalid" and problem["level"] == "error"
    assert problem["location"] == {"source": str(BAD_EXAMPLE), "pointer": f"{POINTER}/example", "line": 68, "column": 17}


def test_github_format_prints_workflow_annotations(capsys):
    code, out, _ = validate(capsys, BAD_EXAMPLE, BOM, "--format", "github")
    assert code == 1
    assert out.splitlines() == [
        f"::error file={BAD_EXAMPLE},line=68,col=17,title=example-invalid::the example does not match its schema: "
        f'"name" is a required property (at {POINTER}/example)%0Ahint: the schema is at #/components/schemas/Library',
        f"::warning file={BOM},line=1,col=1,title=byte-order-mark::the file starts with a UTF-8 byte order mark "
        "(EF BB BF); strict JSON parsers refuse it%0Ahint: save the file as UTF-8 without BOM",
    ]


def test_all_findings_of_all_files_come_in_one_run(capsys):
    code, out, err = validate(capsys, *(sorted(CHECKS.glob("*/bad.json"))), "--format", "json")
    codes = {p["code"] for p in json.loads(out)["problems"]}
    assert code == 1 and len(codes) >= 20


def test_no_argument_checks_every_pinned_release_and_they_pass(capsys):
    assert validate(capsys) == (0, "", "aviato-docs: checked 3 specs: no problems\n")


def test_a_pinned_tag_is_checked_with_its_tag_with_or_without_the_v(capsys, tmp_path):
    specs = pinned(tmp_path, (CHECKS / "info-version-tag" / "bad.json").read_bytes(), "v1.0.0")
    for target in ("v1.0.0", "1.0.0", specs / "v1.0.0.json"):
        code, out, _ = validate(capsys, "--specs", specs, target, "--quiet")
        assert code == 1 and "error[info-version-tag] info.version is '1.0.1' but the release tag is v1.0.0" in out


def test_an_unknown_target_is_a_usage_error(capsys):
    code, out, err = validate(capsys, "v9.9.9")
    assert code == 2 and "v9.9.9 is neither a file nor a pinned tag" in err


def test_an_unknown_rule_in_the_config_file_is_a_usage_error(capsys, tmp_path):
    config = tmp_path / "checks.toml"
    config.write_text('[rules]\nno-such-rule = "off"\n')
    code, _, err = validate(capsys, GOOD, "--config", config)
    assert code == 2 and "unknown rule 'no-such-rule'" in err


def test_a_config_file_can_switch_a_rule_off(capsys, tmp_path):
    config = tmp_path / "checks.toml"
    config.write_text('[rules]\nexample-invalid = "off"\n')
    assert validate(capsys, BAD_EXAMPLE, "--config", config, "--quiet") == (0, "", "")


def pinned(tmp_path, data: bytes, tag):
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / f"{tag}.json").write_bytes(data)
    (specs / "manifest.json").write_text(json.dumps({"releases": [{
        "tag": tag, "file": f"{tag}.json", "sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
        "source": "file:tests", "pulled_at": "2026-01-01T00:00:00Z"}]}))
    return specs


def test_build_stops_on_an_error_finding_before_writing_anything(capsys, tmp_path):
    specs = pinned(tmp_path, (CHECKS / "response-not-json" / "bad.json").read_bytes(), "v1.0.0")
    site = tmp_path / "site"
    code = main(["build", "--project", str(PROJECT), "--specs", str(specs), "--site", str(site), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1 and not site.exists()
    assert f"{specs / 'v1.0.0.json'}:33:15: error[response-not-json] GET /api/health 200 answers text/plain" in err


def test_build_prints_warnings_and_goes_on(capsys, tmp_path):
    specs = pinned(tmp_path, b"\xef\xbb\xbf" + (FIXTURES / "pinned" / "v1.1.0.json").read_bytes(), "v1.1.0")
    site = tmp_path / "site"
    code = main(["build", "--project", str(PROJECT), "--specs", str(specs), "--site", str(site)])
    err = capsys.readouterr().err
    assert code == 0 and site.is_dir()
    assert f"{specs / 'v1.1.0.json'}:1:1: warning[byte-order-mark]" in err


def test_control_characters_from_the_spec_are_printed_as_escapes_never_raw(capsys, tmp_path):
    document = json.loads(GOOD.read_text())
    hostile = "/api/\x1b[31mred\x00\u202e\n/etc/forged.json:1:1: error[forged] hi"
    document["paths"][hostile] = {"get": {"summary": "\x1b]0;title\x07", "tags": ["Libraries"],
                                          "responses": {"204": {"description": "none"}}}}
    spec = tmp_path / "hostile.json"
    spec.write_text(json.dumps(document))
    code, out, _ = validate(capsys, spec, "--quiet")
    assert code == 1
    assert not any(char in out for char in "\x1b\x00\x07\u202e"), repr(out)
    assert "GET /api/\\x1b[31mred\\x00\\u202e\n    /etc/forged.json:1:1: error[forged] hi has no operationId" in out
    assert "(at /paths/~1api~1\\x1b[31mred\\x00\\u202e\\n~1etc~1forged.json:1:1: error[forged] hi/get)" in out
    assert not any(line.startswith("/etc/forged.json") for line in out.splitlines())


def test_workflow_annotations_escape_control_characters_from_the_spec_too(capsys, tmp_path):
    document = json.loads(GOOD.read_text())
    document["paths"]["/api/\x1b[2Jgone\x9b"] = {"get": {"summary": "s", "tags": ["Libraries"],
                                                        "responses": {"204": {"description": "none"}}}}
    spec = tmp_path / "hostile.json"
    spec.write_text(json.dumps(document))
    code, out, _ = validate(capsys, spec, "--quiet", "--format", "github")
    assert code == 1 and "GET /api/\\x1b[2Jgone\\x9b has no operationId" in out
    assert "\x1b" not in out and "\x9b" not in out

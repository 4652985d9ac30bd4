"""Hostile and broken input: each gets a clear located message and an exit code, writes nothing, never a traceback."""

import socket

import pytest

from generator.cli import main
from tests.conftest import PROJECT

OK_JSON = '{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}}'


def bomb() -> str:
    """Nine levels of ten aliases each: a billion strings from a few hundred bytes."""
    lines = ['openapi: 3.1.0', 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefghi", "bcdefghij"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    return "\n".join(lines) + "\n"


# (file name, content, exit code, the start of the first line the user sees after "file:")
CASES = [
    # not JSON at all
    ("hello.json", b"hello world", 1, "1:1: error[spec-parse-error] not valid JSON: unexpected character"),
    # not YAML either
    ("broken.yaml", b"openapi: 3.1.0\ninfo: [unclosed\n", 1, "3:1: error[spec-parse-error] not valid YAML"),
    # nothing in the file
    ("empty.json", b"", 1, "1:1: error[spec-empty] the file is empty"),
    # only blanks
    ("blank.yaml", b"  \n\n", 1, "1:1: error[spec-empty] the file is empty"),
    # bytes that are not UTF-8, located at their line and column
    ("latin1.json", b'{"openapi": "3.1.0",\n "x": "caf\xe9"}', 1, "2:11: error[spec-not-utf8] not UTF-8 text: invalid continuation byte at byte 31"),
    # UTF-16 with its byte order mark
    ("utf16.json", OK_JSON.encode("utf-16"), 1, "1:1: error[spec-not-utf8] the file is UTF-16 text"),
    # a repeated key, located at its second occurrence
    ("dup.json", b'{"openapi": "3.1.0",\n "info": {"title": "T", "version": "1"},\n "paths": {},\n "info": {}}',
     1, "4:2: error[duplicate-key] key 'info' appears more than once"),
    # the same in YAML
    ("dup.yaml", b"openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\npaths: {}\n",
     1, "4:1: error[duplicate-key] key 'paths' appears more than once"),
    # 10,000 nested arrays
    ("deep.json", b'{"openapi": "3.1.0", "x": ' + b"[" * 10_000 + b"]" * 10_000 + b"}",
     1, "1:1051: error[spec-parse-error] not valid JSON: nested deeper than 1024 levels"),
    # the same in YAML
    ("deep.yaml", b"openapi: 3.1.0\nx: " + b"[" * 10_000 + b"]" * 10_000 + b"\n",
     1, "2:1003: error[spec-parse-error] not valid YAML: exceeded maximum nesting depth"),
    # a billion laughs
    ("bomb.yaml", bomb().encode(), 1, "1:1: error[spec-yaml-alias] YAML aliases expand"),
    # an alias inside itself
    ("loop.yaml", b"openapi: 3.1.0\nx: &x [*x]\n", 1, "2:4: error[spec-yaml-alias] a YAML alias refers to a node that contains it"),
    # keys YAML reads as numbers or lists
    ("keys.yaml", b"openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n"
     b"        200: {description: OK}\n", 1,
     '7:9: error[yaml-key-not-string] key 200 is read as a YAML int, not a string; quote it ("200")'),
    # Swagger 2.0
    ("swagger.json", b'{"swagger": "2.0", "info": {}}', 1,
     "1:2: error[spec-not-openapi] not an OpenAPI 3.x document (swagger: '2.0' (Swagger 2.0))"),
    # a $ref to nothing
    ("missing.json", b'{"openapi": "3.1.0", "info": {"title": "T", "version": "1"},\n "components": {"schemas": '
     b'{"A": {"$ref": "#/components/schemas/B"}}}}', 1, "2:35: error[ref-missing] $ref target #/components/schemas/B"),
    # a $ref to itself
    ("self.json", b'{"openapi": "3.1.0", "info": {"title": "T", "version": "1"},\n "components": {"schemas": '
     b'{"A": {"$ref": "#/components/schemas/A"}}}}', 1, "2:35: error[ref-cycle] $ref cycle: #/components/schemas/A"),
]


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to connect anywhere fails the test: external $refs must not be fetched."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"a connection was attempted: {args}")
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def run_on(tmp_path, capsys, name, content, *options):
    path = tmp_path / name
    path.write_bytes(content)
    code = main(["validate", "--project", str(PROJECT), str(path), "--quiet", *options])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert [p.name for p in tmp_path.iterdir()] == [name]  # nothing written
    return code, out, err, path


@pytest.mark.parametrize("name, content, exit_code, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_reported_with_its_location_and_exit_code(tmp_path, capsys, no_network, name, content,
                                                               exit_code, expected):
    code, out, err, path = run_on(tmp_path, capsys, name, content)
    assert code == exit_code
    assert f"{path}:{expected}" in out + err, out + err


def test_an_external_ref_is_reported_and_not_fetched(tmp_path, capsys, no_network):
    content = (b'{"openapi": "3.1.0", "info": {"title": "T", "version": "1"},\n "components": {"schemas": '
               b'{"A": {"$ref": "http://127.0.0.1:9/schemas/a.json"}}}}')
    code, out, _, path = run_on(tmp_path, capsys, "external.json", content)
    assert code == 1
    assert out.startswith(f"{path}:2:35: error[ref-external] external $ref 'http://127.0.0.1:9/schemas/a.json' "
                          "is not followed (at /components/schemas/A/$ref)")


def test_a_byte_order_mark_is_only_a_warning_and_locations_stay_right(tmp_path, capsys):
    content = b"\xef\xbb\xbf" + OK_JSON.replace('"paths": {}', '"paths": {},\n "tags": [{"name": "a"}, {"name": "a"}]').encode()
    code, out, _, path = run_on(tmp_path, capsys, "bom.json", content)
    assert code == 1
    assert out.splitlines()[0] == f"{path}:1:1: warning[byte-order-mark] the file starts with a UTF-8 byte order " \
                                  "mark (EF BB BF); strict JSON parsers refuse it"
    assert f"{path}:2:27: error[tag-duplicate]" in out


def test_a_200_mb_file_is_refused_by_the_size_limit_before_it_is_read(tmp_path, capsys):
    path = tmp_path / "huge.json"
    with path.open("wb") as huge:  # sparse: no 200 MB written to disk
        huge.truncate(200 * 2**20)
    code = main(["validate", "--project", str(PROJECT), str(path), "--quiet"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == f"{path}:1:1: error[spec-too-large] the file is 200 MiB (209,715,200 bytes), over the 64 MiB " \
                  "limit\n" \
                  "  hint: raise `max-size` in [tool.aviato-docs.checks] or pass --max-size\n"


def test_the_size_limit_is_configurable(tmp_path, capsys):
    code, out, _, path = run_on(tmp_path, capsys, "ok.json", OK_JSON.encode(), "--max-size", "10b")
    size = len(OK_JSON.encode())
    assert code == 1 and f"{path}:1:1: error[spec-too-large] the file is {size} bytes, over the " \
        "10 bytes limit" in out


def test_yaml_dates_and_binary_become_text_not_a_crash(tmp_path, capsys):
    content = b"openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\nx-released: 2024-01-31\n"
    assert run_on(tmp_path, capsys, "dates.yaml", content)[:2] == (0, "")


@pytest.mark.parametrize("written, line", [
    ("default: .nan", 5),  # NaN was reported as "null is not of type number"
    ("default: .inf", 5),  # Infinity passed unmentioned
    ("maximum: -.Inf", 5),  # the same in a keyword the schema itself holds
])
def test_yaml_nan_and_infinity_are_refused_as_numbers_json_cannot_hold(tmp_path, capsys, written, line):
    content = ("openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents: {schemas: {N: {type: number,\n"
               f"  {written}}}}}}}\n").encode()
    code, out, _, path = run_on(tmp_path, capsys, "numbers.yaml", content)
    key, value = written.split(": ")
    assert code == 1
    assert out == (f"{path}:{line}:{len(key) + 5}: error[number-not-json] {value} is a YAML float that JSON cannot "
                   f"hold: JSON has no NaN or Infinity (at /components/schemas/N/{key})\n"
                   "  hint: write the value another way (a string, a limit such as 1e308, or leave the keyword out)\n")

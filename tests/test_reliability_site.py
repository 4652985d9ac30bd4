"""What a build or publish never does: destroy the project or a folder it did not make, keep running
after it was killed, write outside the project for a hostile manifest, or fail on a full disk or
another file system without a located message."""

import errno
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import pins
from generator.cli import main
from generator.errors import GeneratorError
from generator.spec import RawSpec
from generator.site import operation_pages, output
from tests.conftest import FIXTURES, PROJECT
from tests.peers.project import make_project, snapshot, spec_bytes

SOURCES = ("specs", "docs", "overrides", "mkdocs.yml", ".git")


@pytest.fixture
def project(tmp_path):
    """A copy of the project with its sources and a .git, as a user's checkout has them."""
    copy = tmp_path / "checkout"
    for name in ("specs", "docs", "overrides"):
        shutil.copytree(PROJECT / name, copy / name)
    shutil.copy(PROJECT / "mkdocs.yml", copy / "mkdocs.yml")
    (copy / "node_modules").symlink_to(PROJECT / "node_modules")
    (copy / ".git").mkdir()
    (copy / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("not a site\n")
    (tmp_path / "report.txt").write_text("a file\n")
    return copy


def everything(folder):
    """The bytes of every file under `folder`, without following the node_modules link."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and "node_modules" not in p.relative_to(folder).parts}


@pytest.mark.parametrize("site", [
    ".",  # the project itself: the swap would replace it with the site
    "..",  # a folder holding the project
    "specs/site",  # inside the pinned specs
    "docs",  # the prose templates
    "overrides/site",  # inside the theme overrides
    "mkdocs.yml",  # a file of the project
    "../report.txt",  # a regular file elsewhere
    "../notes",  # a non-empty folder that is no site this tool built
])
def test_site_flag_refuses_the_project_folder_and_what_is_not_a_site(project, monkeypatch, capsys, site):
    monkeypatch.chdir(project)
    before = everything(project.parent)
    assert main(["build", "--site", site, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert f"{site}: error[site-unsafe] refusing to build into {site}: " in err and "Traceback" not in err
    assert everything(project.parent) == before, "nothing touched: no lock, no staging, no file replaced"
    assert all((project / name).exists() for name in SOURCES)


def test_publish_refuses_the_project_as_its_site_before_pulling(tmp_path, capsys):
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "v1.2.0.json").write_bytes(spec_bytes("1.2.0"))
    project = make_project(tmp_path / "project", f'default = "folder"\n[sources.folder]\nkind = "file"\n'
                                                 f'path = "{incoming}"\n')
    before = snapshot(project / "specs")
    assert main(["publish", "v1.2.0", "--project", str(project), "--site", str(project), "--quiet",
                 "--no-check-clients"]) == 2
    assert "error[site-unsafe]" in capsys.readouterr().err
    assert snapshot(project / "specs") == before, "the release was not pulled"


@pytest.mark.parametrize("prepare", [
    lambda site: None,  # a folder that does not exist yet
    lambda site: site.mkdir(),  # an empty folder
    # a site built before the marker existed: versions.json and _redirects at its top
    lambda site: (site.mkdir(), (site / "versions.json").write_text("[]"), (site / "_redirects").write_text("")),
])
def test_a_new_empty_or_earlier_built_site_folder_is_built_into_and_marked(tmp_path, prepare):
    site = tmp_path / "site"
    prepare(site)
    assert main(["build", "--project", str(PROJECT), "--specs", str(FIXTURES / "pinned"), "--site", str(site),
                 "--quiet", "--no-cache"]) == 0
    assert (site / output.MARKER).is_file() and (site / "versions.json").is_file()
    (site / "_redirects").unlink()  # the marker alone says it is ours
    assert main(["build", "--project", str(PROJECT), "--specs", str(FIXTURES / "pinned"), "--site", str(site),
                 "--quiet", "--no-cache"]) == 0


def hostile_entry(specs, tag, file, data):
    """Add a manifest entry whose tag or file climbs out of specs/, its pin matching its bytes."""
    manifest = json.loads((specs / "manifest.json").read_text())
    manifest["releases"].append({"tag": tag, "file": file, "sha256": hashlib.sha256(data).hexdigest(),
                                 "size": len(data), "source": "test", "pulled_at": "2026-01-01T00:00:00Z"})
    (specs / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


def line_of(path, value):
    text = path.read_text()
    return text[: text.index(json.dumps(value))].count("\n") + 1


@pytest.mark.parametrize("tag, file, code, field", [
    # a tag that becomes a folder two levels above the site, info.version to match
    ("../../x", "x.json", "tag-unsafe", "tag"),
    # a file read from outside specs/
    ("v1.4.0", "../../elsewhere/v1.4.0.json", "file-unsafe", "file"),
])
def test_manifest_entries_that_leave_specs_are_refused_at_their_line(tmp_path, capsys, tag, file, code, field):
    specs = tmp_path / "project" / "specs"
    shutil.copytree(FIXTURES / "pinned", specs)
    data = spec_bytes(tag.removeprefix("v"))
    (tmp_path / "elsewhere").mkdir()
    for folder in (specs, tmp_path / "elsewhere"):
        (folder / Path(file).name).write_bytes(data)
    hostile_entry(specs, tag, file if field == "file" else Path(file).name, data)
    line = line_of(specs / "manifest.json", tag if field == "tag" else file)
    outside = everything(tmp_path.parent)
    site = tmp_path / "project" / "site"
    assert main(["build", "--project", str(PROJECT), "--specs", str(specs), "--site", str(site), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{specs / 'manifest.json'}:{line}:") and f"error[{code}] refusing {field} " in err
    assert f"(at /releases/2/{field})" in err and "Traceback" not in err
    assert everything(tmp_path.parent) == outside and not site.exists(), "nothing written anywhere"


def test_a_pull_never_touches_a_file_a_hostile_entry_names_outside_specs(tmp_path):
    specs = tmp_path / "project" / "specs"
    shutil.copytree(FIXTURES / "pinned", specs)
    victim = tmp_path / "victim.json"
    victim.write_bytes(b"keep me")
    hostile_entry(specs, "v1.2.0", "../../victim.json", b"other bytes")
    with pytest.raises(GeneratorError) as refused:
        pins.pin(specs, RawSpec("v1.2.0.json", spec_bytes("1.2.0"), "v1.2.0"), "test", force=True)
    assert refused.value.problems[0].code == "file-unsafe"
    assert victim.read_bytes() == b"keep me" and not (specs / "v1.2.0.json").exists()


def test_a_full_disk_ends_the_build_with_one_io_failed_line_and_leaves_nothing(tmp_path):
    """On a real 2 MB file system (a mount namespace of its own), not a patched write."""
    disk = tmp_path / "disk"
    disk.mkdir()
    build = (f"{sys.executable} -m generator build --project {PROJECT} --specs {FIXTURES / 'pinned'} "
             f"--site {disk / 'site'} --no-cache --quiet")
    script = f"mount -t tmpfs -o size=2m none {disk} || exit 99; {build}; echo exit $?; ls -A {disk}"
    run = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=300)
    if run.returncode == 99 or "unshare:" in run.stderr:
        pytest.skip(f"cannot mount a small file system here: {run.stderr.strip()}")
    (line,) = run.stderr.splitlines()
    assert re.fullmatch(rf"{disk / 'site'}/\S+: error\[io-failed\] No space left on device( \(from \S+\))?", line)
    assert run.stdout.split("\n", 1) == ["exit 3", ""], "exit 3, and the staging folder and lock are gone"


def test_an_io_error_in_a_worker_is_one_located_line_with_exit_3(tmp_path, monkeypatch, capsys):
    def disk_full(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # a write names no file

    monkeypatch.setattr(operation_pages, "finish_version", disk_full)  # forked workers inherit it
    site = tmp_path / "site"
    assert main(["build", "--project", str(PROJECT), "--specs", str(FIXTURES / "pinned"), "--site", str(site),
                 "--no-cache", "--quiet"]) == 3
    assert capsys.readouterr().err == f"{site}: error[io-failed] No space left on device\n"
    assert list(tmp_path.iterdir()) == [], "no staging folder, no lock, no site"


def test_a_reader_that_goes_away_ends_the_command_quietly():
    """`aviato-docs diff ... | head`: no traceback, no io-failed, the shell's code for a broken pipe."""
    reader, writer = os.pipe()
    os.close(reader)  # gone before anything is written
    pinned = FIXTURES / "pinned"
    run = subprocess.run([sys.executable, "-m", "generator", "diff", str(pinned / "v1.0.0.json"),
                          str(pinned / "v1.1.0.json")], stdout=writer, stderr=subprocess.PIPE, text=True)
    os.close(writer)
    assert (run.returncode, run.stderr) == (141, "")

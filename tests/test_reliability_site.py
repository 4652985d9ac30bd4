"""What a build or publish never does: destroy the project or a folder it did not make, keep running
after it was killed, write outside the project for a hostile manifest, or fail on a full disk or
another file system without a located message."""

import errno
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from generator import pins
from generator.cli import io_failed, main
from generator.errors import GeneratorError
from generator.site import operation_pages, output
from generator.spec import RawSpec
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


def on_small_file_system(folder, size, script):
    """Run `script` with a tmpfs of `size` mounted on `folder`, in a mount namespace of its own (tests
    run as root); it is gone afterwards, so the script inspects it."""
    folder.mkdir()
    run = subprocess.run(["unshare", "-m", "sh", "-c", f"mount -t tmpfs -o size={size} none {folder} || exit 99; "
                          + script], capture_output=True, text=True, timeout=300, check=False)
    if run.returncode == 99 or "unshare:" in run.stderr:
        pytest.skip(f"cannot mount a file system here: {run.stderr.strip()}")
    return run


def build_line(site, *extra, project=PROJECT):
    return (f"{sys.executable} -m generator build --project {project} --specs {project / 'specs'} "
            f"--site {site} --quiet {' '.join(extra)}")


def test_a_full_disk_ends_the_build_with_one_io_failed_line_and_leaves_nothing(tmp_path):
    """On a real 2 MB file system, not a patched write."""
    disk = tmp_path / "disk"
    build = build_line(disk / "site", "--no-cache").replace(str(PROJECT / "specs"), str(FIXTURES / "pinned"))
    run = on_small_file_system(disk, "2m", f"{build}; echo exit $?; ls -A {disk}")
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
    command = [sys.executable, "-m", "generator", "diff", str(pinned / "v1.0.0.json"), str(pinned / "v1.1.0.json")]
    run = subprocess.run(command, stdout=writer, stderr=subprocess.PIPE, text=True, check=False)
    os.close(writer)
    assert (run.returncode, run.stderr) == (141, "")


def modes(folder):
    """The distinct modes of the folders and of the files under `folder`, itself included."""
    every = [folder, *folder.rglob("*")]
    return ({stat.S_IMODE(p.stat().st_mode) for p in every if p.is_dir()},
            {stat.S_IMODE(p.stat().st_mode) for p in every if p.is_file()})


def test_a_site_on_another_file_system_than_the_cache_is_built_by_copying(tmp_path):
    """Hard links cannot cross file systems: the versions built into .cache/, then reused from it, are copied."""
    project = make_project(tmp_path / "project", "")
    other = tmp_path / "other"
    site = other / "site"
    page = "v1.0.0/docs/developer/index.html"
    script = (f"{build_line(site, project=project)} && {build_line(site, project=project)} && "
              f"stat -c %d {other} {project / '.cache/site'} && cp {site / page} {tmp_path / 'page.html'}")
    run = on_small_file_system(other, "300m", script)  # the first build fills the cache, the second reuses it
    assert run.returncode == 0 and run.stderr == "", run.stderr
    devices = run.stdout.split()[-2:]
    assert devices[0] != devices[1], "the site was on another file system than the cache"
    assert main(["build", "--project", str(project), "--site", str(tmp_path / "here"), "--quiet", "--no-cache"]) == 0
    assert (tmp_path / "page.html").read_bytes() == (tmp_path / "here" / page).read_bytes(), "the same pages"


def test_the_site_and_the_versions_reused_from_the_cache_follow_the_umask(tmp_path, umask_022):
    project = make_project(tmp_path / "project", "")
    site = project / "site"
    assert main(["build", "--project", str(project), "--quiet"]) == 0
    assert modes(site) == ({0o755}, {0o644})
    for path in (project / ".cache/site").rglob("*"):  # as cache entries made before this fix are
        path.chmod(0o700 if path.is_dir() else 0o600)
    assert main(["build", "--project", str(project), "--quiet"]) == 0
    assert modes(site) == ({0o755}, {0o644}), "a web server running as another user can read every file"


def test_pins_follow_the_umask_and_a_failed_publish_keeps_the_manifests_mode(tmp_path, umask_022, capsys):
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "v1.2.0.json").write_bytes(spec_bytes("1.2.0"))
    (incoming / "v1.3.0.json").write_bytes(spec_bytes("1.3.0"))
    project = make_project(tmp_path / "project", f'default = "folder"\n[sources.folder]\nkind = "file"\n'
                                                 f'path = "{incoming}"\n')
    manifest = project / "specs/manifest.json"
    assert main(["pull", "v1.2.0", "--project", str(project), "--quiet"]) == 0
    assert modes(project / "specs")[1] == {0o644}
    (project / "mkdocs.yml").unlink()  # the build cannot run
    assert main(["publish", "v1.3.0", "--project", str(project), "--quiet", "--no-check-clients"]) == 3
    assert stat.S_IMODE(manifest.stat().st_mode) == 0o644 and not (project / "specs/v1.3.0.json").exists()
    assert f"{manifest}: info[publish-undone] v1.3.0 was not published" in capsys.readouterr().err


def test_a_copy_that_failed_file_by_file_is_one_line_at_the_first_file():
    """shutil's copytree gathers every file's failure into one exception; the message names one."""
    error = shutil.Error([("a/x.css", "site/x.css", "No space left on device"), ("a/y", "site/y", "No space")])
    assert io_failed(error).format() == \
        "site/x.css: error[io-failed] No space left on device (from a/x.css; 1 more files failed)"


def test_a_tag_pinned_with_other_bytes_is_refused_at_its_manifest_entry(tmp_path):
    specs = tmp_path / "specs"
    shutil.copytree(FIXTURES / "pinned", specs)
    with pytest.raises(GeneratorError) as refused:
        pins.pin(specs, RawSpec("v1.1.0.json", spec_bytes("1.1.0") + b" ", "v1.1.0"), "test")
    (problem,) = refused.value.problems
    manifest = json.loads((specs / "manifest.json").read_text())
    assert problem.code == "pin-differs" and problem.location.source == str(specs / "manifest.json")
    assert problem.location.pointer == "/releases/1/sha256"
    assert problem.location.line == line_of(specs / "manifest.json", manifest["releases"][1]["sha256"])


def test_a_build_leaves_no_docs_tree_behind_in_the_temporary_folder_or_beside_the_site(tmp_path, monkeypatch):
    """The workers' docs trees are deleted by the build process while it checks the site: all gone
    once the build returns."""
    import tempfile

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))  # forked workers inherit it
    site = tmp_path / "site"
    assert main(["build", "--project", str(PROJECT), "--specs", str(FIXTURES / "pinned"), "--site", str(site),
                 "--no-cache", "--quiet"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "tmp"]
    assert list(temporary.iterdir()) == []

"""Builds and pulls killed at any moment leave the previous site/ and specs/ intact; builds take turns."""

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import pins
from generator.errors import GeneratorError
from generator.site import output
from tests.conftest import FIXTURES, PROJECT
from tests.peers.project import make_project, snapshot, spec_bytes

KILLS = 8  # kills per loop: bounded, on the tiny fixtures
SEED = 9  # the kill points are random, but the same on every run


def build_command(site, specs=FIXTURES / "pinned"):
    return [sys.executable, "-m", "generator", "build", "--project", str(PROJECT), "--specs", str(specs),
            "--site", str(site), "--quiet"]


def leftovers(site):
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}."))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A site built once, its files, and how long a whole build takes as a subprocess."""
    site = tmp_path_factory.mktemp("kill") / "site"
    started = time.monotonic()
    subprocess.run(build_command(site), check=True, capture_output=True)
    return site, snapshot(site), time.monotonic() - started


def test_a_build_killed_at_any_moment_leaves_the_previous_site_whole(built):
    site, before, seconds = built
    kill_points = random.Random(SEED)
    for _ in range(KILLS):
        build = subprocess.Popen(build_command(site), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(kill_points.uniform(0.1, seconds * 1.1))
        build.send_signal(signal.SIGKILL)
        build.wait()
        # The same inputs build the same bytes, so "old site" and "new site" are one snapshot.
        assert snapshot(site) == before, "site/ is the previous build, whole, after every kill"
    subprocess.run(build_command(site), check=True, capture_output=True)
    assert snapshot(site) == before
    assert leftovers(site) == [], "the next build cleared what the killed ones left"


def test_a_build_killed_while_its_workers_run_leaves_no_process_and_the_next_build_starts_at_once(tmp_path):
    site = tmp_path / "site"
    build = subprocess.Popen(build_command(site)[:-1] + ["--no-cache"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    workers = wait_for_children(build.pid)
    # Stopped, the build cannot end its workers; they wait for work, so all are alive when it is killed.
    build.send_signal(signal.SIGSTOP)
    processes = descendants(build.pid)
    assert set(workers) <= set(processes) and all(alive(pid) for pid in processes)
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in processes) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in processes if alive(pid)] == [], "no process of the killed build survives 5 s"
    next_build = subprocess.run(build_command(site)[:-1], capture_output=True, text=True, timeout=120,
                                check=False)
    assert next_build.returncode == 0, next_build.stderr
    assert "waiting for it to finish" not in next_build.stderr, "the lock died with the build"
    assert (site / "versions.json").is_file()


def children(pid):
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(child) for child in task.read_text().split()]
        except OSError:  # the thread ended meanwhile
            pass
    return found


def descendants(pid):
    found = children(pid)
    return found + [each for child in found for each in descendants(child)]


def wait_for_children(pid, timeout=60):
    """The build's worker processes, once it has forked them."""
    deadline = time.monotonic() + timeout
    while not children(pid):
        assert time.monotonic() < deadline, "the build started no worker"
        time.sleep(0.005)
    return children(pid)


def alive(pid):
    """Running or sleeping, not a zombie waiting for PID 1 to reap it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def test_a_second_build_waits_for_the_first_and_says_so(built, tmp_path):
    site = tmp_path / "site"
    with output.locked(site):
        second = subprocess.Popen(build_command(site)[:-1], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)
        time.sleep(3)
        assert second.poll() is None, "it waits while another build holds the lock"
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert f"is writing {site}; waiting for it to finish" in err
    assert snapshot(site) == built[1]


def test_a_build_that_cannot_get_the_lock_in_time_refuses_with_a_clear_message(tmp_path):
    site = tmp_path / "site"
    with output.locked(site):
        with pytest.raises(GeneratorError) as refused:
            with output.locked(site, wait=0.3):
                pass
    (problem,) = refused.value.problems
    assert problem.code == "site-locked" and refused.value.exit_code == 3
    assert f"another build (process {os.getpid()}) has been writing {site} for over 0 s" in problem.message
    assert problem.location.source == str(tmp_path / ".site.lock")


def test_the_next_build_removes_stale_staging_and_puts_back_a_site_set_aside(tmp_path):
    site = tmp_path / "site"
    (tmp_path / ".site.k1ll3d").mkdir()  # a killed build's staging folder
    (tmp_path / ".site.old.x1" / "site").mkdir(parents=True)  # killed between the two renames of a swap
    (tmp_path / ".site.old.x1" / "site" / "index.html").write_text("previous")
    (tmp_path / ".sitemap").mkdir()  # not ours: another name
    with output.locked(site):
        assert (site / "index.html").read_text() == "previous"
        assert leftovers(site) == [".site.lock"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".sitemap", "site"], "the lock file goes too"


def test_the_swap_exchanges_the_two_folders_in_one_step(tmp_path, monkeypatch):
    """No moment without a site/: one renameat2(RENAME_EXCHANGE), never two renames (Linux)."""
    monkeypatch.setattr(output.os, "rename", lambda *args: pytest.fail("swapped with two renames"))
    site, staging = tmp_path / "site", tmp_path / ".site.new"
    site.mkdir()
    (site / "old").write_text("old")
    staging.mkdir()
    (staging / "new").write_text("new")
    output.swap(staging, site)
    assert sorted(p.name for p in site.iterdir()) == [output.MARKER, "new"] and not staging.exists()


def test_a_pull_killed_at_any_moment_leaves_specs_whole(tmp_path):
    """specs/ holds the previous pins or the previous ones plus the new one, each file complete."""
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "v1.2.0.json").write_bytes(spec_bytes("1.2.0") + b" " * 2_000_000)  # big enough to be caught
    project = make_project(tmp_path / "project", f'default = "folder"\n[sources.folder]\nkind = "file"\n'
                                                 f'path = "{incoming}"\n')
    specs = project / "specs"
    unpin(specs)  # writes the manifest as the pin writer does, so snapshots compare byte for byte
    before = visible(snapshot(specs))
    pull = [sys.executable, "-m", "generator", "pull", "v1.2.0", "--project", str(project), "--quiet"]
    started = time.monotonic()
    subprocess.run(pull, check=True, capture_output=True)
    seconds = time.monotonic() - started
    after = visible(snapshot(specs))
    assert set(after) - set(before) == {"v1.2.0.json"}
    kill_points = random.Random(SEED)
    for _ in range(KILLS):
        unpin(specs)
        assert visible(snapshot(specs)) == before
        puller = subprocess.Popen(pull, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(kill_points.uniform(0.05, seconds))
        puller.send_signal(signal.SIGKILL)
        puller.wait()
        now = visible(snapshot(specs))
        assert set(now) <= set(after)
        assert [name for name, data in now.items() if name != "manifest.json"
                and data not in (before.get(name), after[name])] == [], "no file is ever half-written"
        # The manifest names the new pin only once its file is whole; every pin it names verifies.
        assert [r.tag for r in pins.releases(specs)] in (["v1.0.0", "v1.1.0"], ["v1.0.0", "v1.1.0", "v1.2.0"])


def visible(files):
    """The files a reader of specs/ uses; a killed writer may leave its hidden temporary file behind."""
    return {name: data for name, data in files.items() if not name.startswith(".")}


def unpin(specs):
    manifest = json.loads((specs / "manifest.json").read_text())
    manifest["releases"] = [e for e in manifest["releases"] if e["tag"] != "v1.2.0"]
    (specs / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    (specs / "v1.2.0.json").unlink(missing_ok=True)


FORKS_WHILE_LOCKED = """
import os, signal, sys
from pathlib import Path
from generator.site import output
started, ready = os.pipe()
with output.locked(Path(sys.argv[1])):
    child = os.fork()
    if child == 0:  # a worker that outlives the build (no PR_SET_PDEATHSIG): it waits for stdin to close
        os.write(ready, b"1")  # fork has returned here: the child's at-fork handlers have run
        sys.stdin.read()
        os._exit(0)
    os.read(started, 1)
    print(child, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_process_forked_while_a_build_holds_the_lock_does_not_keep_it_after_the_build_dies(tmp_path):
    site = tmp_path / "site"
    build = subprocess.Popen([sys.executable, "-c", FORKS_WHILE_LOCKED, str(site)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        child = int(build.stdout.readline())
        assert build.wait(timeout=30) == -signal.SIGKILL and alive(child)
        with output.locked(site, wait=0):  # at once: the lock died with the build, not with its child
            pass
    finally:
        build.stdin.close()
    assert leftovers(site) == []

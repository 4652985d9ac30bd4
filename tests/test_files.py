"""One atomic write (generator.files) for the pins, the client cache and the site's pages."""

import os
import stat

import pytest

from generator import files


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("durable", [False, True])  # the site's pages, the pins
def test_a_new_file_follows_the_umask_and_a_replaced_one_keeps_its_mode(tmp_path, umask_022, durable):
    new, kept = tmp_path / "new.json", tmp_path / "kept.json"
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    for path in (new, kept):
        files.write_atomic(path, b"new", durable=durable)
    assert (mode(new), mode(kept)) == (0o644, 0o640)
    assert new.read_bytes() == kept.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.json", "new.json"], "no temporary file left"


def test_a_hard_linked_file_is_replaced_not_written_through(tmp_path):
    cached = tmp_path / "cached.html"
    cached.write_text("cached")
    page = tmp_path / "page.html"
    os.link(cached, page)
    files.write_text_atomic(page, "stamped")
    assert (cached.read_text(), page.read_text()) == ("cached", "stamped")


def test_a_failed_write_names_the_file_and_leaves_nothing(tmp_path, monkeypatch):
    def full(fd, mode):
        raise OSError(28, os.strerror(28))

    monkeypatch.setattr(files.os, "fchmod", full)
    with pytest.raises(OSError) as caught:
        files.write_atomic(tmp_path / "x.json", b"{}")
    assert caught.value.filename == str(tmp_path / "x.json")
    assert list(tmp_path.iterdir()) == []


def test_the_client_cache_writes_the_document_readable_as_the_umask_allows(tmp_path, umask_022):
    from generator.clients.cache import Cache
    path = Cache(tmp_path).spec_file("abc", b"{}")
    assert (path.read_bytes(), mode(path)) == (b"{}", 0o644)


def test_a_lock_names_its_holders_pid_and_is_gone_once_released(tmp_path):
    path = tmp_path / ".manifest.lock"
    with files.locked(path):
        assert path.read_text() == f"{os.getpid()}\n"
        assert files.holder(path) == f"process {os.getpid()}"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("exchange", [True, False])  # Linux's one-step exchange; two renames elsewhere
def test_a_replaced_folder_is_the_new_one_whole_with_nothing_left_beside_it(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(files, "_exchange", lambda a, b: False)
    folder, new = tmp_path / "python", tmp_path / ".python.x1"
    for path, name in ((folder, "old.txt"), (new, "new.txt")):
        path.mkdir()
        (path / name).write_text(name)
    files.replace_folder(new, folder, ".python.x1.old.")
    assert [p.name for p in tmp_path.iterdir()] == ["python"]
    assert [p.name for p in folder.iterdir()] == ["new.txt"]

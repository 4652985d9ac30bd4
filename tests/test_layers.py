"""Each stage imports only the stages before it; the commands wire them together; the benchmarks use
public functions only."""

import re
from functools import cache
from pathlib import Path

from tests.test_import_cycles import ROOT, edges

project_edges = cache(edges)  # the generator's, read once

LATER_STAGES = {"facts", "diff", "render"}


def imports_between(source: str, target: str) -> list[str]:
    return [f"{file}:{line}" for file, line in project_edges().get((source, target), [])]


def test_the_site_stage_imports_none_of_facts_diff_and_render():
    assert imports_between("site", "diff") == []
    assert imports_between("site", "render") == []
    assert imports_between("site", "facts") == []


def test_render_and_diff_do_not_import_each_other():
    assert imports_between("render", "diff") == []
    assert imports_between("diff", "render") == []


def test_only_the_commands_call_several_stages_for_a_verb():
    verbs = {target for (source, target) in project_edges() if source == "verbs"}
    assert "commands" in verbs
    assert not verbs & {"site", "render", "facts", "pins"}, "the verbs parse arguments and call the commands"


def test_the_benchmarks_call_no_private_name_of_the_generator():
    private = re.compile(r"\b(?:generator(?:\.\w+)*|site|render|diff|facts|commands|pins|checks|source|spec)"
                         r"\._[a-z]\w*")
    imported = re.compile(r"^\s*from generator[\w.]* import .*\b_[a-z]\w*", re.MULTILINE)
    found = []
    for path in sorted((ROOT / "benchmarks").glob("*.py")):
        if path.name == "bench_validate.py":  # another helper's, timed against its own baseline
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{path.name}: {m.group(0).strip()}" for pattern in (private, imported)
                  for m in pattern.finditer(text)]
    assert found == []


def test_the_layer_check_sees_a_site_module_importing_render(tmp_path, monkeypatch):
    package = tmp_path / "generator"
    for unit, text in {"site": "from generator.render import page\n", "render": ""}.items():
        (package / unit).mkdir(parents=True)
        (package / unit / "__init__.py").write_text(text)
    found = edges(package)
    assert found == {("site", "render"): [(str(Path("generator/site/__init__.py")), 1)]}

"""The generator's sub-packages import one another in one direction only: no import cycle between them."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "generator"


def unit_of(module: str) -> str | None:
    """The sub-package (or top-level module) of `generator` a dotted module name belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "generator" else None


def imported(tree: ast.AST, module: str, is_package: bool):
    """(dotted name, line) of every import in the file, at any depth (a lazy import is a dependency too)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                here = module.split(".") if is_package else module.split(".")[:-1]
                anchor = here[:len(here) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            yield base, node.lineno
            # `from generator import pins` imports the sub-package `generator.pins`
            yield from ((f"{base}.{alias.name}", node.lineno) for alias in node.names)


def edges(package: Path = PACKAGE):
    """{(from unit, to unit): [(file, line), ...]} for every import across units."""
    found: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package.parent)
        is_package = path.name == "__init__.py"
        parts = relative.with_suffix("").parts
        module = ".".join(parts[:-1] if is_package else parts)
        source = unit_of(module)
        for name, line in imported(ast.parse(path.read_text(encoding="utf-8")), module, is_package):
            target = unit_of(name)
            if source and target and target != source and \
                    ((package / target).is_dir() or (package / f"{target}.py").is_file()):
                places = found.setdefault((source, target), [])
                if (str(relative), line) not in places:  # `from a import b` names `a` and `a.b`
                    places.append((str(relative), line))
    return found


def cycles(found) -> list[list[str]]:
    """The strongly connected components of more than one unit (Tarjan's algorithm), each sorted."""
    graph: dict[str, set[str]] = {}
    for a, b in found:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components = []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        for next_ in sorted(graph[node]):
            if next_ not in index:
                visit(next_)
                low[node] = min(low[node], low[next_])
            elif next_ in stack:
                low[node] = min(low[node], index[next_])
        if low[node] == index[node]:
            component = []
            while not component or component[-1] != node:
                component.append(stack.pop())
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(components)


def report(found, component: list[str]) -> str:
    lines = [" <-> ".join(component)]
    for (a, b), places in sorted(found.items()):
        if a in component and b in component:
            lines += [f"  {a} -> {b}: " + ", ".join(f"{file}:{line}" for file, line in places)]
    return "\n".join(lines)


def test_no_two_sub_packages_of_the_generator_import_each_other():
    found = edges()
    assert not cycles(found), "import cycles:\n" + "\n".join(report(found, c) for c in cycles(found))


def test_the_cycle_check_sees_a_cycle_through_a_lazy_relative_import(tmp_path):
    package = tmp_path / "generator"
    for unit, text in {"render": "from generator.diff import x\n",
                       "diff": "def f():\n    from ..render import y\n"}.items():
        (package / unit).mkdir(parents=True)
        (package / unit / "__init__.py").write_text(text)
    found = edges(package)
    assert cycles(found) == [["diff", "render"]]
    assert report(found, ["diff", "render"]) == ("diff <-> render\n"
                                                 "  diff -> render: generator/diff/__init__.py:2\n"
                                                 "  render -> diff: generator/render/__init__.py:1")

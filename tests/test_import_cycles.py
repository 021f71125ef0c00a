"""No import cycle inside aftercare/: the import graph of the package, late imports inside functions
included, has no cycle (a cycle hidden by a late import is still one)."""
import ast
from pathlib import Path

import aftercare

PACKAGE = Path(aftercare.__file__).parent


def _module_name(path):
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(module, node, is_package, modules):
    """The aftercare modules a `from ... import ...` statement needs: each imported name that is a
    submodule, and the module itself for names defined in it."""
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[:len(base) - (node.level - 1)] if node.level > 1 else base
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module
    needed = {f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in modules}
    if len(needed) < len(node.names):
        needed.add(target)
    return needed


def import_graph():
    """{module: set of aftercare modules it imports}, over every module of the package."""
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        modules[_module_name(path)] = path
    graph = {}
    for module, path in modules.items():
        is_package = path.name == "__init__.py"
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = _resolve(module, node, is_package, modules)
            else:
                continue
            for name in names:
                # `import a.b.c` imports a, a.b and a.b.c: the named module counts, the packages on the way
                # are where it lives.
                if name in modules and name != module:
                    edges.add(name)
        graph[module] = edges
    return graph


def cycles(graph, skip=None):
    """The strongly connected components with more than one module (Tarjan), optionally without one
    module (and its own package's modules)."""
    def skipped(name):
        return skip is not None and (name == skip or name.startswith(skip + "."))

    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if skipped(nxt):
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    import sys

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    for node in sorted(graph):
        if node not in index and not skipped(node):
            visit(node)
    return found


def _package_edges_only(graph):
    """A package's __init__ importing its own submodules is how a package is made, not a cycle: drop the
    edges from a package's modules back to the package itself."""
    return {module: {name for name in edges if not module.startswith(name + ".")} for module, edges in graph.items()}


def test_no_import_cycle_inside_aftercare():
    graph = _package_edges_only(import_graph())
    assert cycles(graph) == []


def test_the_check_sees_a_cycle():
    graph = {"aftercare.a": {"aftercare.b"}, "aftercare.b": {"aftercare.c"}, "aftercare.c": {"aftercare.a"},
             "aftercare.d": {"aftercare.a"}}
    assert cycles(graph) == [["aftercare.a", "aftercare.b", "aftercare.c"]]
    assert cycles(graph, skip="aftercare.b") == []


def test_the_graph_holds_late_imports():
    """A late import inside a function is an edge too (chat's sweep settles decisions through groups)."""
    assert "aftercare.groups.services" in import_graph()["aftercare.chat.sweeper"]

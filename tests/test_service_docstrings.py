"""Every public service names in its docstring the exceptions it raises: its own raises and those of the
module's private helpers it calls."""
import ast
from pathlib import Path

import aftercare

EXCEPTIONS = {"NotFound", "PermissionDenied", "ValidationFailed", "Conflict", "TooManyAttempts"}
PACKAGE = Path(aftercare.__file__).parent


def _caught(handler):
    names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return {getattr(name, "attr", getattr(name, "id", None)) for name in names}


def _uncaught(node, caught=frozenset()):
    """Yield (exception raised, or private function called) in `node` that no surrounding try catches: a
    catch of ServiceError (their common base) catches them all."""
    if isinstance(node, ast.Try):
        inner = caught | set().union(*(_caught(handler) for handler in node.handlers if handler.type))
        for child in node.body:
            yield from _uncaught(child, inner)
        for child in [*node.handlers, *node.orelse, *node.finalbody]:
            yield from _uncaught(child, caught)
        return
    if "ServiceError" not in caught:
        if isinstance(node, ast.Raise) and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", None)
            if name in EXCEPTIONS and name not in caught:
                yield "raise", name
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id.startswith("_"):
            yield "call", node.func.id
    for child in ast.iter_child_nodes(node):
        yield from _uncaught(child, caught)


def _raised(functions, name, seen=()):
    names = set()
    for kind, what in _uncaught(functions[name]):
        if kind == "raise":
            names.add(what)
        elif what in functions and what not in seen:
            names |= _raised(functions, what, {*seen, name})
    return names


def unnamed_raises(source):
    """{function name: exceptions it raises that its docstring does not name}, for public functions."""
    functions = {node.name: node for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)}
    found = {}
    for name, function in functions.items():
        if not name.startswith("_"):
            missing = {e for e in _raised(functions, name) if e not in (ast.get_docstring(function) or "")}
            if missing:
                found[name] = missing
    return found


def test_public_services_name_what_they_raise():
    modules = [path for path in PACKAGE.rglob("*.py") if "services" in path.parts or path.name == "services.py"]
    assert len(modules) > 20
    wrong = {f"{path.relative_to(PACKAGE)}:{name}": sorted(missing) for path in sorted(modules)
             for name, missing in unnamed_raises(path.read_text()).items()}
    assert wrong == {}


def test_what_the_service_catches_itself_is_not_raised():
    source = ('def many(user):\n    """Each stands alone."""\n    try:\n        raise NotFound()\n'
              '    except ServiceError:\n        pass\n')
    assert unnamed_raises(source) == {}


def test_the_check_follows_private_helpers():
    source = ('def _check(user):\n    raise PermissionDenied()\n\n'
              'def save(user, text):\n    """Saves. Raises ValidationFailed."""\n    _check(user)\n'
              '    if not text:\n        raise ValidationFailed("empty")\n')
    assert unnamed_raises(source) == {"save": {"PermissionDenied"}}

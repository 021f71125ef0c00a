"""The policy layer decides on facts it is given: its modules import nothing of the app but models, each
other and the clock helpers, at the top or inside a function (a late import hid a cycle once)."""
import ast
from pathlib import Path

import aftercare.policy as policy

ALLOWED_OUTSIDE = {"timeutil"}


def _app_imports(path):
    """(line, target) of every import of the app's own modules, relative ones resolved from aftercare."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                found.append((node.lineno, "policy." + (node.module or "")))
            elif node.level >= 2:
                found.append((node.lineno, node.module or ""))
            elif (node.module or "").startswith("aftercare"):
                found.append((node.lineno, node.module.removeprefix("aftercare.")))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.removeprefix("aftercare.")) for alias in node.names
                      if alias.name.startswith("aftercare")]
    return found


def test_policy_imports_only_models_and_itself():
    wrong = []
    for path in sorted(Path(policy.__file__).parent.glob("*.py")):
        for line, target in _app_imports(path):
            if not (target.startswith("policy.") or target.endswith(".models") or target in ALLOWED_OUTSIDE):
                wrong.append(f"{path.name}:{line} imports {target}")
    assert wrong == []


def test_the_check_sees_a_late_import_of_a_service(tmp_path):
    module = tmp_path / "late.py"
    module.write_text("def rule(user):\n    from ..meetings.services.guests import guest_visit\n")
    assert _app_imports(module) == [(2, "meetings.services.guests")]

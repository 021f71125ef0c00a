"""The policy layer decides on facts it is given: its modules import nothing of the app but models and each
other, only at the top (a late import hid a cycle once), and policy loads with every service unimportable."""
import ast
import subprocess
import sys
from pathlib import Path

import aftercare.policy as policy



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
            if not (target.startswith("policy.") or target.endswith(".models")):
                wrong.append(f"{path.name}:{line} imports {target}")
    assert wrong == []


def test_the_check_sees_a_late_import_of_a_service(tmp_path):
    module = tmp_path / "late.py"
    module.write_text("def rule(user):\n    from ..meetings.services.guests import guest_visit\n")
    assert _app_imports(module) == [(2, "meetings.services.guests")]


def test_the_check_sees_any_import_inside_a_function(tmp_path):
    module = tmp_path / "late.py"
    module.write_text("import os\n\ndef rule(user):\n    from datetime import timedelta\n")
    assert _late_imports(module) == [4]


def _late_imports(path):
    """Lines of imports written inside a function or class: a late import is how a cycle hides."""
    tree = ast.parse(path.read_text(), filename=str(path))
    top = {id(node) for node in tree.body}
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in top]


def test_policy_has_no_late_imports():
    late = {path.name: lines for path in sorted(Path(policy.__file__).parent.glob("*.py"))
            if (lines := _late_imports(path))}
    assert late == {}


# Loads aftercare.policy in a fresh interpreter where every services module of the app cannot be imported
# and the app's packages are bare (their __init__, which loads views and services, does not run), and
# prints every module of the app that loading policy brought in.
ALONE = """
import importlib, pathlib, sys, types
root = pathlib.Path(sys.argv[1])
def bare(name, path):
    module = types.ModuleType(name)
    module.__path__ = [str(path)]
    sys.modules[name] = module
bare("aftercare", root)
for package in sorted(root.iterdir()):
    if (package / "__init__.py").exists() and package.name != "policy":
        bare("aftercare." + package.name, package)
        if (package / "services").is_dir() or (package / "services.py").exists():
            sys.modules["aftercare." + package.name + ".services"] = None  # any import of it now fails
import aftercare.policy
for module in sorted((root / "policy").glob("*.py")):
    if module.stem != "__init__":
        importlib.import_module("aftercare.policy." + module.stem)  # every module, not only those re-exported
print(" ".join(sorted(name for name, module in sys.modules.items()
                      if name.startswith("aftercare.") and getattr(module, "__file__", None))))
"""

# What the models themselves stand on: the database extension, the UTC column type and the clock.
UNDER_THE_MODELS = {"aftercare.extensions", "aftercare.throttle", "aftercare.exceptions", "aftercare.models",
                    "aftercare.timeutil"}


def test_policy_loads_with_every_service_unimportable():
    root = Path(policy.__file__).parent.parent
    done = subprocess.run([sys.executable, "-c", ALONE, str(root)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert "aftercare.policy.roles" in loaded and "aftercare.accounts.models" in loaded
    beyond = {name for name in loaded - UNDER_THE_MODELS
              if not name.startswith("aftercare.policy") and not name.endswith(".models")}
    assert beyond == set()

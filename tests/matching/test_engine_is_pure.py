"""The engine stands alone: it loads and runs with Flask and SQLAlchemy made unimportable."""
import subprocess
import sys
from pathlib import Path

import aftercare.matching.engine as engine

ENGINE = Path(engine.__file__).parent

STANDALONE = """
import importlib, importlib.util, pathlib, sys
from datetime import datetime, timezone
for name in ("flask", "flask_sqlalchemy", "flask_babel", "sqlalchemy", "aftercare"):
    sys.modules[name] = None  # any import of these now fails
spec = importlib.util.spec_from_file_location(
    "engine", sys.argv[1] + "/__init__.py", submodule_search_locations=[sys.argv[1]])
engine = importlib.util.module_from_spec(spec)
sys.modules["engine"] = engine
spec.loader.exec_module(engine)
for module in sorted(pathlib.Path(sys.argv[1]).glob("*.py")):
    importlib.import_module("engine." + module.stem)  # every module, not only those re-exported
asked = engine.MatchRequest(id=1, participant_id=2, waiting_since=datetime.now(timezone.utc))
offered = engine.VolunteerProfile(id=3)
print(engine.assign([asked], [offered]).volunteer_by_request(), len(engine.rank(asked, [offered])))
"""


def test_the_engine_runs_without_flask_or_sqlalchemy():
    done = subprocess.run([sys.executable, "-c", STANDALONE, str(ENGINE)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "{1: 3} 1"

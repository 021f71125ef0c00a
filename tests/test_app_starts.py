"""The app starts in a fresh interpreter the ways it is started for real (`./run` through the flask command,
gunicorn through `aftercare.wsgi`), whatever the test suite happened to import first."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("argv", [
    ["-m", "flask", "--app", "aftercare", "routes"],
    ["-c", "import aftercare.wsgi"],
    ["-c", "import aftercare.accounts.models; from aftercare import create_app; create_app()"],
])
def test_the_app_starts_in_a_fresh_interpreter(tmp_path, argv):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("TEST_", "FLASK_"))}
    env.update(SECRET_KEY="starts", DATABASE_URL=f"sqlite:///{tmp_path / 'app.db'}")
    result = subprocess.run([sys.executable, *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]

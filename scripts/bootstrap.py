"""Shared by ./run and ./test: make the virtual environment and install a lock (every package pinned, with
its hashes) into it."""
import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def say(text):
    print(f"==> {text}", flush=True)


def ensure_venv(requirements):
    """Create .venv when missing and install the lock `requirements` (requirements.txt for ./run,
    requirements-dev.txt for ./test) when it changed since the last install. A lock names every package at
    one version with its hashes (pip-compile makes it from requirements.in or requirements-dev.in), and pip
    installs nothing whose hash is not in it."""
    if sys.version_info < (3, 11):
        sys.exit(f"Aftercare needs Python 3.11 or newer (the pinned numpy and scipy need it); this is "
                 f"{sys.version.split()[0]} at {sys.executable}. Run ./run or ./test with a newer python3, "
                 f"e.g. python3.11 ./run.")
    if not PYTHON.exists():
        say("Creating a virtual environment in .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    lock = ROOT / requirements
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()  # a changed lock is installed again
    stamp = VENV / f".installed-{Path(requirements).stem}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    say(f"Installing {requirements} (first time takes a minute)")
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "--require-hashes", "-r", str(lock)], check=True)
    stamp.write_text(digest)


def compile_translations():
    subprocess.run([str(PYTHON), "-m", "babel.messages.frontend", "compile", "--statistics", "-d",
                    str(ROOT / "aftercare" / "translations")], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def vapid_keys():
    """VAPID_PRIVATE_KEY and VAPID_PUBLIC_KEY from the environment, else a pair generated once and kept in
    the instance folder (like the secret key), so that browsers' push subscriptions stay valid."""
    if os.environ.get("VAPID_PRIVATE_KEY") and os.environ.get("VAPID_PUBLIC_KEY"):
        return os.environ["VAPID_PRIVATE_KEY"], os.environ["VAPID_PUBLIC_KEY"]
    path = ROOT / "instance" / "vapid_keys"
    path.parent.mkdir(exist_ok=True)
    if not path.exists():
        made = subprocess.run([str(PYTHON), "-m", "aftercare.notifications.vapid"], check=True, cwd=ROOT,
                              capture_output=True, text=True).stdout
        path.touch(mode=0o600)
        path.write_text(made)
    private, public = path.read_text().split()
    return private, public

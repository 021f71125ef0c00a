"""Extract every user-facing string, update the bokmål catalogue, compile it, and list what is untranslated.

Usage: python scripts/translations.py            (extract + update + compile + report)
       python scripts/translations.py --compile  (compile only)
"""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "aftercare" / "translations"
POT = TRANSLATIONS / "messages.pot"


def babel(*args):
    result = subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT,
                            capture_output=True, text=True)
    if result.returncode:
        sys.exit(result.stderr)


def untranslated():
    from babel.messages.pofile import read_po

    with open(TRANSLATIONS / "nb" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def main():
    if "--compile" not in sys.argv:
        babel("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "--no-location",
              "--sort-output", "-o", str(POT), ".")
        babel("update", "-i", str(POT), "-d", str(TRANSLATIONS), "--no-fuzzy-matching", "--ignore-obsolete")
    babel("compile", "-d", str(TRANSLATIONS))
    missing = untranslated()
    for message_id in missing:
        print("untranslated:", message_id)
    print(f"{len(missing)} untranslated string(s)")
    return 1 if missing and "--check" in sys.argv else 0


if __name__ == "__main__":
    sys.exit(main())

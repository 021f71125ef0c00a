"""Fill bokmål translations from a small Python mapping file: python scripts/fill_translations.py FILE.

FILE defines TRANSLATIONS = {msgid: msgstr} (for plurals: msgid of the singular -> (singular, plural)).
Only empty entries are filled; existing translations are left alone.
"""
import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "aftercare" / "translations" / "nb" / "LC_MESSAGES" / "messages.po"


def main(path):
    translations = runpy.run_path(path)["TRANSLATIONS"]
    with open(PO, "rb") as handle:
        catalog = read_po(handle)
    filled = 0
    for message in catalog:
        key = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        if not key or key not in translations:
            continue
        current = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if all(current) and not message.fuzzy:
            continue
        value = translations[key]
        message.string = tuple(value) if isinstance(message.id, (list, tuple)) else value
        message.flags.discard("fuzzy")
        filled += 1
    with open(PO, "wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=True, no_location=True)
    print(f"filled {filled}")


if __name__ == "__main__":
    main(sys.argv[1])

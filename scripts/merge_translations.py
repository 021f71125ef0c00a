"""Fill empty bokmål entries from another copy of the catalogue (used when merging branches):
python scripts/merge_translations.py OTHER.po"""
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "aftercare" / "translations" / "nb" / "LC_MESSAGES" / "messages.po"


def main(other_path):
    with open(PO, "rb") as handle:
        ours = read_po(handle)
    with open(other_path, "rb") as handle:
        theirs = read_po(handle)
    added = 0
    for message in theirs:
        if not message.id or not (all(message.string) if isinstance(message.string, tuple) else message.string):
            continue
        mine = ours.get(message.id, message.context)
        if mine is None:
            ours.add(message.id, message.string, context=message.context)
            added += 1
        elif not (all(mine.string) if isinstance(mine.string, tuple) else mine.string):
            mine.string = message.string
            mine.flags.discard("fuzzy")
            added += 1
    with open(PO, "wb") as handle:
        write_po(handle, ours, width=100, sort_output=True, no_location=True)
    print(f"took {added} translation(s) from {other_path}")


if __name__ == "__main__":
    main(sys.argv[1])

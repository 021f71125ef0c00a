"""Display names: what may be in one, and when two look the same to a reader."""
import json
import re
import unicodedata
from functools import lru_cache
from importlib.resources import files

MIN_LENGTH, MAX_LENGTH = 2, 60

# Format characters (bidi embeddings, overrides and isolates U+202A–202E and U+2066–2069, the marks
# U+200E/U+200F, zero-width space, joiners, word joiner, BOM, soft hyphen...), controls, line and
# paragraph separators, surrogates and private-use characters: a reader cannot see them, and some
# reorder or hide the text around them, so a name can pose as another's.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Co", "Cs"}
_SPACES = {"Zs", "Zl", "Zp"}
_MARKS_IN_A_ROW = 3  # more stacked accents than any language writes: text that spills over its neighbours


def clean(display_name):
    """The name as it will be shown: NFC, invisible characters removed, spaces of any kind made one space.

    Returns (name, problem): problem is None or "length" / "marks" for the caller to explain."""
    text = unicodedata.normalize("NFC", display_name or "")
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category in _INVISIBLE_CATEGORIES and char not in "\t\n\r":
            continue
        kept.append(" " if category in _SPACES or char in "\t\n\r" else char)
    name = re.sub(" +", " ", "".join(kept)).strip()
    if re.search("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]{%d,}" % _MARKS_IN_A_ROW,
                 unicodedata.normalize("NFD", name)):
        return name, "marks"
    if not MIN_LENGTH <= len(name) <= MAX_LENGTH:
        return name, "length"
    return name, None


@lru_cache(maxsize=1)
def _prototypes():
    """Each confusable character mapped to its prototype, from Unicode's confusables data as packaged by
    confusable-homoglyphs. That file lists, for each prototype, the characters confusable with it, and for
    each of those, its prototype alone; a pair that only names each other gets the multi-character
    member or the lower one as prototype, so every character of a class maps to the same string."""
    data = json.loads(files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8"))

    def plain(text):
        return text.replace("\u200e", "").replace("\u200f", "")

    graph = {plain(key): [plain(entry["c"]) for entry in entries] for key, entries in data.items()}
    mapping = {}
    for key, targets in graph.items():
        if len(key) != 1 or len(targets) != 1:
            continue  # a prototype with several look-alikes stays itself
        target = targets[0]
        if len(graph.get(target, ())) > 1 or len(target) > 1:
            mapping[key] = target
        elif target < key:
            mapping[key] = target
    return mapping


def _skeleton(text):
    mapping = _prototypes()
    for _round in range(3):  # a prototype's case-folded form may itself have a prototype
        mapped = "".join(mapping.get(char, char) for char in text)
        mapped = unicodedata.normalize("NFKC", mapped).casefold()
        if mapped == text:
            break
        text = mapped
    return text


def confusion_keys(display_name):
    """Strings that two names share when a reader could take one for the other: NFKC, then the
    confusables skeleton of the name as written and of its case-folded form, both case-folded, with
    spaces, dots, dashes and underscores left out ("Ola N." and "OlaN" read the same in a list)."""
    name = unicodedata.normalize("NFKC", clean(display_name)[0])
    keys = set()
    for form in (name, name.casefold()):
        skeleton = _skeleton(form)
        keys.add(re.sub(r"[\s._\-‐-―·]+", "", skeleton))
    return keys


def confusable(one, other):
    return bool(confusion_keys(one) & confusion_keys(other))

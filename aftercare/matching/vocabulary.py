"""The fixed lists behind the forms: activities, languages, genders, weekly slots, what can be shared."""
from flask_babel import lazy_gettext as _l

from .engine import ALL_SLOTS

# Activity keys are what matching compares; free tags typed by people are compared as typed.
ACTIVITIES = {
    "walks": _l("Walks"),
    "coffee": _l("Coffee"),
    "fishing": _l("Fishing"),
    "gym": _l("Gym"),
    "cinema": _l("Cinema"),
    "cooking": _l("Cooking"),
    "football": _l("Football"),
    "crafts": _l("Crafts"),
    "hiking": _l("Hiking"),
    "swimming": _l("Swimming"),
    "concerts": _l("Concerts"),
    "board games": _l("Board games"),
}

LANGUAGES = {
    "nb": _l("Norwegian"),
    "en": _l("English"),
    "se": _l("Northern Sami"),
    "sv": _l("Swedish"),
    "da": _l("Danish"),
    "pl": _l("Polish"),
    "lt": _l("Lithuanian"),
    "uk": _l("Ukrainian"),
    "ru": _l("Russian"),
    "ar": _l("Arabic"),
    "so": _l("Somali"),
    "ti": _l("Tigrinya"),
    "fa": _l("Persian"),
    "ur": _l("Urdu"),
    "tr": _l("Turkish"),
    "es": _l("Spanish"),
    "de": _l("German"),
    "fr": _l("French"),
}

GENDERS = {
    "woman": _l("Woman"),
    "man": _l("Man"),
    "non_binary": _l("Non-binary"),
}

PARTS_OF_DAY_LABELS = {
    "morning": _l("Morning"),
    "afternoon": _l("Afternoon"),
    "evening": _l("Evening"),
}

# The lower-case form used inside a sentence: "Tuesday evening".
PARTS_OF_DAY_IN_TEXT = {
    "morning": _l("morning"),
    "afternoon": _l("afternoon"),
    "evening": _l("evening"),
}

SLOT_KEYS = tuple(f"{day}-{part}" for day, part in ALL_SLOTS)
MAX_TAGS = 12
MAX_TAG_LENGTH = 40
MAX_NAMES = 10

# What a participant may show the coordinator and, once they accept, the time-giver.
SHAREABLE_WITH_COORDINATOR = {
    "wishes": _l("What you would like to do"),
    "activities": _l("Activities"),
    "interests": _l("Interests"),
    "area": _l("Area"),
    "availability": _l("When you are free"),
    "preferences": _l("Your wishes about gender and language"),
    "avoid": _l("People you do not want as time-giver"),
}
SHAREABLE_WITH_TIME_GIVER = {
    key: SHAREABLE_WITH_COORDINATOR[key] for key in ("wishes", "activities", "interests", "area", "availability")
}
DEFAULT_SHARED_WITH_COORDINATOR = ("activities", "area", "availability", "preferences")
DEFAULT_SHARED_WITH_TIME_GIVER = ("wishes", "activities", "interests", "availability")


def slot_key(day, part):
    return f"{day}-{part}"


def parse_slot(key):
    """(weekday, part) for a key like "1-evening", or None when it is not one of the 21 slots."""
    if not isinstance(key, str) or key not in SLOT_KEYS:
        return None
    day, part = key.split("-", 1)
    return int(day), part


def slots_of(keys):
    return frozenset(slot for slot in (parse_slot(key) for key in keys or ()) if slot is not None)


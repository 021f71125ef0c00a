"""The words of the network map and the plan in the person's language. Neutral on purpose: "uses
substances", "steadies me", "pulls me off course" — nothing that judges her people or her."""
from flask_babel import lazy_gettext as _l

CIRCLES = {"close": _l("Close"), "between": _l("In between"), "distant": _l("Distant")}
SPHERES = {
    "family": _l("Family"), "friends": _l("Friends"), "local": _l("Neighbours and local"),
    "activities": _l("Work, school, activities"), "peers": _l("Recovery peers (group, time-giver)"),
    "helpers": _l("Public helpers (GP, LAR, NAV, school…)"),
}
# Short names for the sectors of the drawing.
SPHERES_SHORT = {
    "family": _l("Family"), "friends": _l("Friends"), "local": _l("Local"), "activities": _l("Work, school"),
    "peers": _l("Peers"), "helpers": _l("Helpers"),
}
GIVES = {"emotional": _l("Emotional support"), "practical": _l("Practical help"),
         "information": _l("Information and advice"), "recognition": _l("Recognition")}
CONTACT = {"yes": _l("Yes"), "little": _l("A little"), "none": _l("None")}
EFFECTS = {"steadies": _l("Steadies me"), "pulls": _l("Pulls me off course"), "mixed": _l("Mixed")}
USES = {"yes": _l("Yes"), "no": _l("No"), "unknown": _l("Don't know")}
WISHES = {"keep": _l("Keep as it is"), "closer": _l("Get closer"), "repair": _l("Repair"),
          "pause": _l("Take a break"), "distance": _l("Keep my distance"), "end": _l("End it")}
MARKERS = {
    "council_invitee": _l("Could invite to a network council"),
    "can_call": _l("Someone I can call when things are hard"),
    "after_discharge": _l("My support after discharge"),
}
FIELDS = {
    "name": _l("First name, nickname or initials"), "is_group": _l("This is a group"),
    "circle": _l("How close"), "sphere": _l("Part of my life"), "gives": _l("What they give"),
    "concrete_help": _l("Concrete help"), "reciprocal": _l("I support them too"), "contact": _l("Contact now"),
    "reconnect": _l("I'd like to reconnect"), "effect": _l("Effect on my recovery"),
    "uses_substances": _l("Uses substances"), "wish": _l("My wish"), "note": _l("Private note"),
    **MARKERS,
}
NOT_CHOSEN = _l("Not chosen")

AREAS = {"housing": _l("Housing"), "activity": _l("Work, school or daily activity"),
         "health": _l("Health and treatment"), "money": _l("Money and debt"), "network": _l("Network and leisure")}
STEP_HELPERS = {"self": _l("I do it myself"), "entry": _l("Someone from my map"), "time_giver": _l("My time-giver"),
                "service": _l("A service or someone else")}
STEP_STATES = {"done": _l("Done"), "under_way": _l("Under way"), "need_help": _l("Need help"),
               "dropped": _l("Dropped")}
STEP_UNMARKED = _l("Not marked")

CHOICES = {"circle": CIRCLES, "sphere": SPHERES, "contact": CONTACT, "effect": EFFECTS,
           "uses_substances": USES, "wish": WISHES}


def choice(field, code):
    """The label of a stored code, or None when nothing was chosen."""
    if code in (None, ""):
        return None
    return CHOICES[field].get(code, code)


def entry_name(data):
    """What an entry is called on the page: her words, or a neutral stand-in when she wrote none."""
    return data.get("name") or (str(_l("A group")) if data.get("is_group") else str(_l("Someone")))


def area_title(area_or_kind):
    kind = getattr(area_or_kind, "kind", area_or_kind)
    if kind == "own":
        return area_or_kind.title or str(_l("My own area"))
    return AREAS[kind]

# The "my data" page: the section's title and the names of its fields.
EXPORT_TITLE = _l("My network and my aftercare plan")
EXPORT_FIELDS = {
    "network_map": _l("My network map"), "network_map_history": _l("How the map looked before"),
    "aftercare_plan": _l("My aftercare plan"), "aftercare_plan_versions": _l("Earlier versions of the plan"),
    "when_it_gets_hard": _l("When it gets hard: my message"), "valid_from": _l("From"), "valid_to": _l("Until"),
    "saved_at": _l("Saved"), "areas": _l("Areas"), "steps": _l("Next steps"), "title": _l("Area"),
    "where_now": _l("Where I am now"), "wanted": _l("What I want"), "what": _l("What"), "helper": _l("Who helps"),
    "helper_name": _l("Helper"), "due_on": _l("By when"), **FIELDS,
}

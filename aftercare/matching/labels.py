"""What each person is shown: translated reasons and labels, and short profiles made only of what was shared."""
from collections import defaultdict

from babel.dates import get_day_names
from flask import current_app, url_for
from flask_babel import get_locale, gettext as _, lazy_gettext as _l, ngettext

from .. import policy
from .engine import Ineligible, ReasonCode
from .quiet import COORDINATOR_AFTER_MORE_DAYS, REMIND_AFTER_DAYS  # noqa: F401  (the pages quote them)
from .models import ProposalState, RequestState, TimeGiverState
from .vocabulary import (ACTIVITIES, GENDERS, LANGUAGES, PARTS_OF_DAY_IN_TEXT, PARTS_OF_DAY_LABELS,
                         SHAREABLE_WITH_COORDINATOR, parse_slot, slot_key)

SLOTS_LISTED = 3
SHARE_LABELS = SHAREABLE_WITH_COORDINATOR

TIME_GIVER_STATES = {
    TimeGiverState.APPLIED: _l("Applied"),
    TimeGiverState.DECLINED: _l("Declined"),
    TimeGiverState.APPROVED: _l("Approved, not yet ready"),
    TimeGiverState.ACTIVE: _l("Active"),
    TimeGiverState.PAUSED: _l("Paused"),
    TimeGiverState.RETIRED: _l("Retired"),
}

REQUEST_STATES = {
    RequestState.WAITING: _l("Waiting for a suggestion"),
    RequestState.PROPOSED: _l("A time-giver has been suggested"),
    RequestState.MATCHED: _l("Paired"),
    RequestState.ENDED: _l("Ended"),
    RequestState.WITHDRAWN: _l("The request was withdrawn"),
}

# The coordinator learns "declined", never by whom or why.
PROPOSAL_STATES = {
    ProposalState.AWAITING_PARTICIPANT: _l("Waiting for the participant"),
    ProposalState.AWAITING_TIME_GIVER: _l("Waiting for the time-giver"),
    ProposalState.ACCEPTED: _l("Accepted"),
    ProposalState.DECLINED: _l("Declined"),
    ProposalState.WITHDRAWN: _l("Withdrawn before an answer"),
}

CHECKLIST = {
    "interview": _l("Interview held"),
    "training": _l("Training completed"),
    "certificate": _l("Police certificate seen and valid"),
    "declaration": _l("Confidentiality declaration signed"),
}

# The confidentiality declaration every time-giver signs when applying; the participant reads the
# same words before she says yes to one.
DECLARATION_INTRO = _l("As a time-giver I will learn things about other people's lives, health and recovery. "
                       "I promise:")
DECLARATION_PROMISES = (
    _l("to keep to myself what participants tell me or what I learn about them, also after I stop being a "
       "time-giver;"),
    _l("not to share names, messages, pictures or details from our meetings or our chat with anyone, online or "
       "offline;"),
    _l("to speak only with the coordinator if I am worried, and to call the emergency number if someone's life or "
       "health is in danger."),
)

# Which part of a request each reason or constraint is about, so nothing unshared is shown.
REASON_FIELDS = {
    ReasonCode.SHARED_ACTIVITIES: "activities",
    ReasonCode.SHARED_INTERESTS: "interests",
    ReasonCode.SHARED_AVAILABILITY: "availability",
    ReasonCode.SAME_DISTRICT: "area",
    ReasonCode.SAME_AREA: "area",
}


# --- labels ---

def weekday_name(day):
    return get_day_names("wide", locale=get_locale())[day]


def activity_label(key):
    """A listed activity in the reader's language; a free one as it was written."""
    label = ACTIVITIES.get(key)
    return str(label) if label is not None else key


def language_label(code):
    return str(LANGUAGES.get(code, code))


def gender_label(code):
    return str(GENDERS[code]) if code in GENDERS else ""


def slot_text(day, part):
    return _("%(weekday)s %(part_of_day)s", weekday=weekday_name(day), part_of_day=PARTS_OF_DAY_IN_TEXT[part])


def availability_lines(keys):
    """["Tuesday: afternoon, evening", …] in weekday order."""
    parts_by_day = defaultdict(list)
    for slot in (parse_slot(key) for key in keys or ()):
        if slot is not None:
            parts_by_day[slot[0]].append(str(PARTS_OF_DAY_IN_TEXT[slot[1]]))
    return [_("%(weekday)s: %(parts)s", weekday=weekday_name(day), parts=", ".join(parts))
            for day, parts in sorted(parts_by_day.items())]


def slot_rows():
    """The availability grid: [(weekday name, [(key, part label, full label)])], Monday first."""
    rows = []
    for day in range(7):
        cells = [(slot_key(day, part), PARTS_OF_DAY_LABELS[part], slot_text(day, part))
                 for part in PARTS_OF_DAY_LABELS]
        rows.append((weekday_name(day), cells))
    return rows


def part_of_day_headers():
    return list(PARTS_OF_DAY_LABELS.values())


def place_text(area, district):
    return f"{area}, {district}" if district else area


# --- reasons and constraints ---

def reason_text(reason):
    """One reason in the reader's language, e.g. "3 shared activities: walks, coffee, cinema"."""
    code = reason.code
    if code is ReasonCode.SHARED_ACTIVITIES:
        return ngettext("%(num)d shared activity: %(items)s", "%(num)d shared activities: %(items)s",
                        reason["count"], items=", ".join(activity_label(item) for item in reason["items"]))
    if code is ReasonCode.SHARED_INTERESTS:
        return ngettext("%(num)d shared interest: %(items)s", "%(num)d shared interests: %(items)s",
                        reason["count"], items=", ".join(reason["items"]))
    if code is ReasonCode.SHARED_AVAILABILITY:
        slots = reason["slots"]
        text = _("both free %(slots)s", slots=", ".join(slot_text(day, part) for day, part in slots[:SLOTS_LISTED]))
        more = len(slots) - SLOTS_LISTED
        return _("%(text)s (+%(num)d more)", text=text, num=more) if more > 0 else text
    if code is ReasonCode.SAME_DISTRICT:
        return _("same district (%(district)s)", district=reason["district"])
    if code is ReasonCode.SAME_AREA:
        return _("same area (%(area)s)", area=reason["area"])
    raise ValueError(f"no wording for {code!r}")


def reasons_for_coordinator(reasons, shared):
    """The reasons joined by " · ", leaving out those about parts the participant did not share."""
    shown = [reason_text(reason) for reason in reasons if REASON_FIELDS[reason.code] in shared]
    if len(shown) < len(reasons):
        shown.append(_("more in common that the participant chose not to share"))
    return " · ".join(shown) if shown else _("nothing in particular in common")


def ineligible_text(reason, shared):
    """Why a time-giver cannot be proposed; constraints from unshared wishes are not spelled out."""
    reason = Ineligible(reason)
    private = _("does not fit the participant's private wishes")
    texts = {
        Ineligible.NOT_ACTIVE: _("not active (not ready yet, paused, or the police certificate has expired)"),
        Ineligible.ALREADY_MATCHED: _("already paired with this participant"),
        Ineligible.EXCLUDED: _("ruled out for this participant (an earlier proposal or pairing, or their own wishes)"),
        Ineligible.NO_CAPACITY: _("no free place"),
        Ineligible.NO_SHARED_LANGUAGE: _("no shared language") if "preferences" in shared else private,
        Ineligible.GENDER_PREFERENCE: _("not the gender the participant asked for") if "preferences" in shared
        else private,
        Ineligible.OWN_NEIGHBOURHOOD: _("may live in the participant's own neighbourhood, which they asked to avoid")
        if "area" in shared else private,
    }
    return texts[reason]


def ineligible_summary(counts, shared):
    """["2 time-givers: no free place", …] from engine.count_ineligible."""
    merged = defaultdict(int)
    for reason, count in counts.items():
        merged[ineligible_text(reason, shared)] += count
    return [ngettext("%(num)d time-giver: %(reason)s", "%(num)d time-givers: %(reason)s", count, reason=text)
            for text, count in merged.items()]


# --- short profiles: lists of {"heading", "text" | "tags" | "lines"} ---

def _section(heading, *, text=None, tags=None, lines=None):
    if text:
        return {"heading": heading, "text": text}
    if tags:
        return {"heading": heading, "tags": tags}
    if lines:
        return {"heading": heading, "lines": lines}
    return None


def _sections(*sections):
    return [section for section in sections if section is not None]


def time_giver_for_participant(time_giver):
    """What a participant sees of a proposed time-giver: no contact details, no vetting, no boundaries."""
    return _sections(
        _section(_("Activities they like"), tags=[activity_label(a) for a in time_giver.activities]),
        _section(_("Interests"), tags=list(time_giver.interests)),
        _section(_("Usually free"), lines=availability_lines(time_giver.availability)),
    )


def time_giver_in_full(time_giver, own=False):
    """The whole profile, for the time-giver themselves (`own`) and the coordinator who vets them."""
    motivation = _("Why you would like to be a time-giver") if own else _("Why they would like to be a time-giver")
    return _sections(
        _section(motivation, text=time_giver.motivation),
        _section(_("Activities"), tags=[activity_label(a) for a in time_giver.activities]),
        _section(_("Interests"), tags=list(time_giver.interests)),
        _section(_("Languages"), tags=[language_label(code) for code in time_giver.languages]),
        _section(_("Area"), text=place_text(time_giver.area, time_giver.district)),
        _section(_("Usually free"), lines=availability_lines(time_giver.availability)),
        _section(_("Participants at a time"), text=str(time_giver.capacity)),
        _section(_("Gender"), text=gender_label(time_giver.gender)),
        _section(_("Boundaries"), text=time_giver.boundaries),
    )


def _request_sections(time_giver_request, shared, *, own=False, for_time_giver=False):
    r = time_giver_request
    place = place_text(r.area, r.district)
    if r.avoid_own_neighbourhood and not for_time_giver:
        place = (_("%(place)s · not a time-giver from your own neighbourhood", place=place) if own
                 else _("%(place)s · not a time-giver from the participant's own neighbourhood", place=place))
    preferences = [language_label(code) for code in r.languages]
    if r.preferred_gender:
        preferences.insert(0, _("Time-giver: %(gender)s", gender=gender_label(r.preferred_gender)))
    avoid = list(r.avoid_names) + ([r.avoid_note] if r.avoid_note else [])
    everything = {
        "wishes": _section(_("What they would like to do") if not own else _("What you would like to do"),
                           text=r.wishes),
        "activities": _section(_("Activities"), tags=[activity_label(a) for a in r.activities]),
        "interests": _section(_("Interests"), tags=list(r.interests)),
        "area": _section(_("Area"), text=place),
        "availability": _section(_("Usually free"), lines=availability_lines(r.availability)),
        "preferences": _section(_("Wishes about gender and language"), tags=preferences),
        "avoid": _section(_("Not someone they know from before") if not own else _("Not someone you know from before"),
                          lines=avoid),
    }
    return _sections(*(everything[key] for key in everything if key in shared))


# The parts of a request named for the coordinator (the form's own labels speak to the participant).
PARTS_FOR_COORDINATOR = {
    "wishes": _l("What they would like to do"),
    "activities": _l("Activities"),
    "interests": _l("Interests"),
    "area": _l("Area"),
    "availability": _l("Usually free"),
    "preferences": _l("Wishes about gender and language"),
    "avoid": _l("Not someone they know from before"),
}


def request_for_coordinator(time_giver_request):
    """(sections the participant shared with the coordinator, names of the parts they did not share)."""
    shared = time_giver_request.shared_with_coordinator
    not_shared = [str(PARTS_FOR_COORDINATOR[key]) for key in SHAREABLE_WITH_COORDINATOR if key not in shared]
    return _request_sections(time_giver_request, shared), not_shared


def participant_for_time_giver(time_giver_request):
    """What the time-giver sees of the participant: only the parts shared with them."""
    return _request_sections(time_giver_request, time_giver_request.shared_with_time_giver, for_time_giver=True)


def request_for_participant(time_giver_request):
    """The participant's own request, all of it."""
    return _request_sections(time_giver_request, list(SHAREABLE_WITH_COORDINATOR), own=True)


def match_for(user, match):
    """The match as one of the pair sees it: the other person's name and what they may see of them."""
    as_participant = match.participant_id == user.id
    other = match.time_giver.user if as_participant else match.participant
    ended_by_other = match.ended_by_id is not None and match.ended_by_id != user.id
    chat_url = None
    if match.channel_id is not None and "chat" in current_app.blueprints:
        chat_url = url_for("chat.channel", channel_id=match.channel_id)
    if not policy.can_see_what_the_other_shared(user, match):
        profile = None  # the match has ended: what the participant shared is no longer the time-giver's to see
    elif as_participant:
        profile = time_giver_for_participant(match.time_giver)
    else:
        profile = participant_for_time_giver(match.request)
    return {
        "as_participant": as_participant,
        "other_name": other.display_name,
        "profile": profile,
        "ended_by_me": match.ended_by_id == user.id,
        "farewell": match.farewell if ended_by_other else "",
        "chat_url": chat_url,
    }


def activity_suggestions():
    return [str(label) for label in ACTIVITIES.values()]

"""Input checks and capacity bookkeeping shared by the time-giver services."""
import re

from flask_babel import force_locale, lazy_gettext as _l
from sqlalchemy import func, select, update

from ...exceptions import ValidationFailed
from ...extensions import db
from ...timeutil import utcnow
from ..models import Proposal, ProposalState, RequestState, TimeGiver, TimeGiverRequest, TimeGiverState
from ..vocabulary import ACTIVITIES, GENDERS, LANGUAGES, MAX_NAMES, MAX_TAG_LENGTH, MAX_TAGS, SLOT_KEYS

CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Names shown at once in each of the coordinator's lists.
LIST_LENGTH = 50


class Page(list):
    """One page of a longer list: its items, which page it is and of how many, and how many in all."""

    def __init__(self, items, page, total, per_page):
        super().__init__(items)
        self.page, self.total = page, total
        self.pages = max(1, -(-total // per_page))


def page_of(query, page=1, per_page=LIST_LENGTH, rows=False):
    """Page `page` (kept within the first and the last) of an ordered query's results; `rows` for a query of
    several columns."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    page = min(max(page, 1), max(1, -(-total // per_page)))
    window = query.offset((page - 1) * per_page).limit(per_page)
    items = db.session.execute(window).all() if rows else db.session.scalars(window).all()
    return Page(items, page, total, per_page)


def clean_text(value, *, field, max_length, required=False, required_message=None):
    """Trimmed text within `max_length`, required or not. Raises ValidationFailed."""
    text = (value or "").replace("\r\n", "\n").strip() if isinstance(value, (str, type(None))) else None
    if text is None or CONTROL_RE.search(text):
        raise ValidationFailed(_l("This text contains characters that cannot be shown."), field=field)
    if required and not text:
        raise ValidationFailed(required_message or _l("Fill in this field."), field=field)
    if len(text) > max_length:
        raise ValidationFailed(_l("Write at most %(n)d characters.", n=max_length), field=field)
    return text


def _split(values):
    if values is None:
        return []
    if isinstance(values, str):
        values = values.split(",")
    return [" ".join(str(value).split()) for value in values if value is not None]


def clean_tags(values, *, field, limit=MAX_TAGS):
    """Free tags from a comma-separated text or a list: trimmed, no duplicates (ignoring case).
    Raises ValidationFailed."""
    tags, seen = [], set()
    for tag in _split(values):
        if not tag:
            continue
        if len(tag) > MAX_TAG_LENGTH or CONTROL_RE.search(tag):
            raise ValidationFailed(_l("Each item can be at most %(n)d characters; separate items with commas.",
                                      n=MAX_TAG_LENGTH), field=field)
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    if len(tags) > limit:
        raise ValidationFailed(_l("Choose at most %(n)d.", n=limit), field=field)
    return tags


def _known_activity_words():
    """Every way a known activity can be typed: its key, its English and its bokmål name."""
    words = {}
    for key, label in ACTIVITIES.items():
        words[key.casefold()] = key
        for locale in ("en", "nb"):
            with force_locale(locale):
                words[str(label).casefold()] = key
    return words


def clean_activities(chosen, other, *, field="activities", other_field="other_activities"):
    """Activities ticked from the list plus free ones; a free one that names a listed activity
    in either language counts as that activity. Raises ValidationFailed."""
    chosen = list(chosen or [])
    unknown = [key for key in chosen if key not in ACTIVITIES]
    if unknown:
        raise ValidationFailed(_l("Choose activities from the list, or write your own under “Other”."),
                               field=field)
    words = _known_activity_words()
    activities = list(dict.fromkeys(chosen))
    for tag in clean_tags(other, field=other_field):
        activity = words.get(tag.casefold(), tag)
        if activity.casefold() not in {a.casefold() for a in activities}:
            activities.append(activity)
    return activities


def clean_languages(codes, *, required, field="languages"):
    """Known language codes, without duplicates. Raises ValidationFailed."""
    codes = list(dict.fromkeys(codes or []))
    unknown = [code for code in codes if code not in LANGUAGES]
    if unknown:
        raise ValidationFailed(_l("Unknown language “%(code)s”. Choose languages from the list.",
                                  code=str(unknown[0])[:20]), field=field)
    if required and not codes:
        raise ValidationFailed(_l("Choose at least one language you speak."), field=field)
    return [code for code in LANGUAGES if code in codes]


def clean_availability(keys, *, required, field="availability"):
    """The ticked weekly slots, in weekday order. Anything that is not one of the 21 slots is refused.
    Raises ValidationFailed."""
    keys = list(keys or [])
    if any(key not in SLOT_KEYS for key in keys):
        raise ValidationFailed(_l("The weekly times could not be read. Tick the boxes for when you are "
                                  "usually free and send the form again."), field=field)
    if required and not keys:
        raise ValidationFailed(_l("Tick at least one time of the week when you are usually free."), field=field)
    return [key for key in SLOT_KEYS if key in keys]


def clean_gender(value, *, field):
    """One of the genders in the list, or None. Raises ValidationFailed."""
    if value in (None, ""):
        return None
    if value not in GENDERS:
        raise ValidationFailed(_l("Choose from the list."), field=field)
    return value


def clean_place(area, district, *, area_required=True):
    area = clean_text(area, field="area", max_length=80, required=area_required,
                      required_message=_l("Write your municipality, for example Oslo or Bergen."))
    district = clean_text(district, field="district", max_length=80) or None
    return " ".join(area.split()), " ".join(district.split()) if district else None


def clean_names(values, *, field="avoid_names"):
    return clean_tags(values, field=field, limit=MAX_NAMES)


# --- capacity: changed only by conditional updates ---

def reserve_place(time_giver_id):
    """Take one free place of an active time-giver. False when there is none left (someone else
    may just have taken it)."""
    taken = db.session.execute(
        update(TimeGiver)
        .where(TimeGiver.id == time_giver_id, TimeGiver.state == TimeGiverState.ACTIVE,
               TimeGiver.places_taken < TimeGiver.capacity)
        .values(places_taken=TimeGiver.places_taken + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    return taken == 1


def release_place(time_giver_id):
    """Give back a place when a proposal is declined or withdrawn or a match ends."""
    db.session.execute(
        update(TimeGiver)
        .where(TimeGiver.id == time_giver_id, TimeGiver.places_taken > 0)
        .values(places_taken=TimeGiver.places_taken - 1)
        .execution_options(synchronize_session=False)
    )


def close_proposal(proposal, state, from_states=ProposalState.PENDING):
    """Decline or withdraw a pending proposal: its request goes back to the queue (keeping its place
    in the queue) and the time-giver's place is freed. False when the proposal was no longer in
    `from_states` (answered or withdrawn meanwhile); nothing changes then."""
    closed = db.session.execute(
        update(Proposal).where(Proposal.id == proposal.id, Proposal.state.in_(from_states))
        .values(state=state, decided_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if closed != 1:
        return False
    db.session.execute(
        update(TimeGiverRequest)
        .where(TimeGiverRequest.id == proposal.request_id, TimeGiverRequest.state == RequestState.PROPOSED)
        .values(state=RequestState.WAITING, state_changed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    release_place(proposal.time_giver_id)
    from .telling import proposal_closed

    proposal_closed(proposal)
    return True

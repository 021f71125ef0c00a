"""Volunteer applications, vetting by a coordinator, and the time-giver's states.

applied → approved → active ⇄ paused → retired; an application can also be declined (with a reason).
"""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from ... import policy
from ...accounts.models import Role, UserRole
from ...exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from ...extensions import db
from ...timeutil import local_date, local_today, utcnow
from ..models import Proposal, ProposalState, TimeGiver, TimeGiverState
from . import telling
from .common import (clean_activities, clean_availability, clean_gender, clean_languages, clean_place, clean_tags,
                     clean_text, close_proposal, LIST_LENGTH)

DECLARATION_VERSION = "1"
CERTIFICATE_WARNING_DAYS = 60
LONG_PAUSE_DAYS = 180
LONG_PAUSE_WARNING_DAYS = 30


def own_application(user):
    """The user's application or time-giver profile, or None."""
    if not policy.is_signed_in(user):
        return None
    return db.session.scalar(select(TimeGiver).where(TimeGiver.user_id == user.id))


def _capacity(value):
    try:
        capacity = int(value)
    except (TypeError, ValueError):
        capacity = 0
    if not 1 <= capacity <= 3:
        raise ValidationFailed(_l("Choose 1, 2 or 3 participants."), field="capacity")
    return capacity


CONTACT_LENGTH = 200


def _contact(value):
    """How the coordinators may reach the volunteer, on one line. Raises ValidationFailed."""
    text = clean_text(value, field="contact_for_coordinators", max_length=CONTACT_LENGTH, required=True,
                      required_message=_l("Tell the coordinators how they may contact you, for example a phone "
                                          "number or an e-mail address."))
    return " ".join(text.split())


def _profile_fields(*, motivation, interests, activities, other_activities, languages, area, district,
                    availability, capacity, gender, boundaries, contact_for_coordinators):
    """The cleaned answers, checked in the order of the form. Raises ValidationFailed."""
    values = {
        "motivation": clean_text(motivation, field="motivation", max_length=2000, required=True,
                                 required_message=_l("Tell us in a few words why you would like to be a time-giver.")),
        "activities": clean_activities(activities, other_activities),
        "interests": clean_tags(interests, field="interests"),
        "languages": clean_languages(languages, required=True),
    }
    values["area"], values["district"] = clean_place(area, district)
    values.update(availability=clean_availability(availability, required=True), capacity=_capacity(capacity),
                  gender=clean_gender(gender, field="gender"),
                  boundaries=clean_text(boundaries, field="boundaries", max_length=1000),
                  contact_for_coordinators=_contact(contact_for_coordinators))
    return values


def apply(user, *, declaration_signed, **fields):
    """Apply to be a time-giver, or apply again after a decline or retirement.

    Raises PermissionDenied (professionals, coordinators), Conflict (an application is already
    open), ValidationFailed (nothing is stored then).
    """
    if not policy.can_apply_as_time_giver(user):
        raise PermissionDenied(_l("Time-givers are ordinary volunteers, not employed in substance-use care, "
                                  "so this account cannot apply."))
    values = _profile_fields(**fields)
    if not declaration_signed:
        raise ValidationFailed(_l("Sign the confidentiality declaration to apply."), field="declaration")
    application = own_application(user)
    if application is not None and application.state not in (TimeGiverState.DECLINED, TimeGiverState.RETIRED):
        raise Conflict(_l("You have already applied. You can change your answers on your time-giver page."))
    now = utcnow()
    if application is None:
        application = TimeGiver(user_id=user.id)
        db.session.add(application)
    for name, value in values.items():
        setattr(application, name, value)
    application.state = TimeGiverState.APPLIED
    application.applied_at = application.state_changed_at = now
    application.declaration_version, application.declaration_signed_at = DECLARATION_VERSION, now
    application.decided_at = application.decided_by_id = None
    application.decline_reason = ""
    try:
        db.session.flush()
        telling.application_applied(application)
        db.session.commit()
    except IntegrityError:  # a second tab applied at the same moment
        db.session.rollback()
        raise Conflict(_l("You have already applied. You can change your answers on your time-giver page."))
    return application


def update_profile(user, time_giver, **fields):
    """The volunteer changes their answers; vetting stays as it is. Raises PermissionDenied, ValidationFailed."""
    if not policy.can_edit_time_giver_profile(user, time_giver):
        raise PermissionDenied()
    values = _profile_fields(**fields)
    capacity = values.pop("capacity")
    for name, value in values.items():
        setattr(time_giver, name, value)
    # Conditional, so a proposal made meanwhile cannot leave more places taken than there are.
    lowered = db.session.execute(
        update(TimeGiver).where(TimeGiver.id == time_giver.id, TimeGiver.places_taken <= capacity)
        .values(capacity=capacity).execution_options(synchronize_session=False)).rowcount
    if lowered != 1:
        db.session.rollback()
        raise ValidationFailed(_l("You have %(n)d participants or introductions now; you cannot choose fewer.",
                                  n=time_giver.places_taken), field="capacity")
    db.session.commit()
    return time_giver


# --- vetting (coordinators) ---

def get_for_vetting(user, time_giver_id):
    """A volunteer for a coordinator to vet. Raises NotFound for anyone else (and for oneself)."""
    time_giver = db.session.get(TimeGiver, time_giver_id) if isinstance(time_giver_id, int) else None
    if time_giver is None or not policy.can_vet_time_giver(user, time_giver):
        raise NotFound()
    return time_giver


def vetting_lists(user, today=None, state=None, page=1, per_state=LIST_LENGTH):
    """Volunteers by state for the coordinator, longest known first: ({state: the first `per_state` of
    them}, {state: how many}, the follow-ups that are due soon). With `state`, only that state's list,
    page `page` of it. Raises PermissionDenied, NotFound (an unknown state or a page past the end)."""
    if not policy.can_vet(user):
        raise PermissionDenied()
    if state is not None and state not in TimeGiverState.ALL:
        raise NotFound()
    others = TimeGiver.user_id != user.id
    counts = dict.fromkeys(TimeGiverState.ALL, 0)
    counts.update(db.session.execute(select(TimeGiver.state, func.count()).where(others)
                                     .group_by(TimeGiver.state)).all())
    lists = {name: [] for name in TimeGiverState.ALL}
    if state is None:
        place = func.row_number().over(partition_by=TimeGiver.state,
                                       order_by=(TimeGiver.applied_at, TimeGiver.id)).label("place")
        ranked = select(TimeGiver.id, place).where(others).subquery()
        shown = (select(TimeGiver).join(ranked, ranked.c.id == TimeGiver.id).where(ranked.c.place <= per_state)
                 .order_by(TimeGiver.applied_at, TimeGiver.id))
    else:
        if page < 1 or (page - 1) * per_state >= max(counts[state], 1):
            raise NotFound()
        shown = (select(TimeGiver).where(others, TimeGiver.state == state).order_by(TimeGiver.applied_at, TimeGiver.id)
                 .offset((page - 1) * per_state).limit(per_state))
    for time_giver in db.session.scalars(shown):
        lists[time_giver.state].append(time_giver)
    today = today or local_today()
    due = db.session.scalars(select(TimeGiver).where(others, or_(
        TimeGiver.state == TimeGiverState.PAUSED,
        TimeGiver.certificate_expires_on <= today + timedelta(days=CERTIFICATE_WARNING_DAYS)))
        .order_by(TimeGiver.applied_at, TimeGiver.id)).all()
    return lists, counts, follow_ups(due, today)


def follow_ups(time_givers, today):
    """[(time_giver, kind, date)]: police certificates that expire within CERTIFICATE_WARNING_DAYS
    (or have expired), and pauses that reach LONG_PAUSE_DAYS within LONG_PAUSE_WARNING_DAYS."""
    found = []
    for time_giver in time_givers:
        if not time_giver.is_vetted:
            continue
        expires = time_giver.certificate_expires_on
        if expires is not None and expires <= today + timedelta(days=CERTIFICATE_WARNING_DAYS):
            found.append((time_giver, "certificate_expired" if expires <= today else "certificate_expires", expires))
        if time_giver.state == TimeGiverState.PAUSED:
            paused_on = local_date(time_giver.state_changed_at)
            long_pause_on = paused_on + timedelta(days=LONG_PAUSE_DAYS)
            if long_pause_on <= today + timedelta(days=LONG_PAUSE_WARNING_DAYS):
                found.append((time_giver, "long_pause", paused_on))
    return found


def record_vetting(user, time_giver, *, interview_on=None, training_on=None, certificate_seen_on=None,
                   certificate_expires_on=None, today=None):
    """Record checklist items; each filled item is saved with the coordinator's name. No document is stored.

    Raises NotFound, ValidationFailed.
    """
    if not policy.can_vet_time_giver(user, time_giver):
        raise NotFound()
    today = today or local_today()
    for value, field in ((interview_on, "interview_on"), (training_on, "training_on"),
                         (certificate_seen_on, "certificate_seen_on")):
        if value is not None and value > today:
            raise ValidationFailed(_l("This date is in the future."), field=field)
    if (certificate_seen_on is None) != (certificate_expires_on is None):
        raise ValidationFailed(_l("Give both the day you saw the police certificate and the day it expires."),
                               field="certificate_expires_on")
    if certificate_expires_on is not None:
        if certificate_expires_on <= today:
            raise ValidationFailed(_l("This police certificate has expired; it cannot be accepted."),
                                   field="certificate_expires_on")
    if interview_on is not None:
        time_giver.interview_on, time_giver.interview_recorded_by_id = interview_on, user.id
    if training_on is not None:
        time_giver.training_on, time_giver.training_recorded_by_id = training_on, user.id
    if certificate_seen_on is not None:
        time_giver.certificate_seen_on, time_giver.certificate_seen_by_id = certificate_seen_on, user.id
        time_giver.certificate_expires_on = certificate_expires_on
        telling.certificate_renewed(time_giver)
    db.session.commit()


def missing_checks(time_giver, today):
    """Checklist items still missing before approval, as keys for the template."""
    missing = []
    if time_giver.interview_on is None:
        missing.append("interview")
    if time_giver.training_on is None:
        missing.append("training")
    if time_giver.certificate_expires_on is None or time_giver.certificate_expires_on <= today:
        missing.append("certificate")
    if time_giver.declaration_signed_at is None:
        missing.append("declaration")
    return missing


def _move(time_giver, from_states, to_state, **values):
    """Change the state (and `values`) only if nobody changed the state meanwhile; True when it moved."""
    moved = db.session.execute(
        update(TimeGiver).where(TimeGiver.id == time_giver.id, TimeGiver.state.in_(from_states))
        .values(state=to_state, state_changed_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    return moved == 1


def approve(user, time_giver, today=None):
    """Approve a vetted application and give the account the time-giver kind.

    Raises NotFound, ValidationFailed (checklist incomplete), Conflict (already decided).
    """
    if not policy.can_vet_time_giver(user, time_giver):
        raise NotFound()
    if missing_checks(time_giver, today or local_today()):
        raise ValidationFailed(_l("Complete the checklist before approving: interview, training, a valid "
                                  "police certificate and the signed declaration."))
    if not _move(time_giver, [TimeGiverState.APPLIED], TimeGiverState.APPROVED,
                 decided_at=utcnow(), decided_by_id=user.id):
        db.session.rollback()
        raise Conflict(_l("This application has already been decided."))
    volunteer = time_giver.user
    if Role.TIME_GIVER not in volunteer.roles:
        volunteer.role_rows.append(UserRole(role=Role.TIME_GIVER))
    telling.application_decided(time_giver, approved=True)
    db.session.commit()


def decline(user, time_giver, reason):
    """Decline an application with a reason the applicant reads. Raises NotFound, ValidationFailed, Conflict."""
    if not policy.can_vet_time_giver(user, time_giver):
        raise NotFound()
    reason = clean_text(reason, field="reason", max_length=1000, required=True,
                        required_message=_l("Write a short, kind reason; the applicant will read it."))
    if not _move(time_giver, [TimeGiverState.APPLIED], TimeGiverState.DECLINED,
                 decided_at=utcnow(), decided_by_id=user.id, decline_reason=reason):
        db.session.rollback()
        raise Conflict(_l("This application has already been decided."))
    telling.application_decided(time_giver, approved=False)
    db.session.commit()


# --- active ⇄ paused → retired (the time-giver themselves or a coordinator) ---

TRANSITIONS = {
    "activate": ([TimeGiverState.APPROVED, TimeGiverState.PAUSED], TimeGiverState.ACTIVE),
    "pause": ([TimeGiverState.ACTIVE], TimeGiverState.PAUSED),
    "retire": ([TimeGiverState.APPROVED, TimeGiverState.ACTIVE, TimeGiverState.PAUSED], TimeGiverState.RETIRED),
}


def change_state(user, time_giver, action, today=None):
    """"activate" (ready, or back from a pause), "pause" or "retire".

    Activating needs a police certificate that has not expired. Retiring is refused while matches
    are active and withdraws open proposals (their requests go back to the queue); the account
    keeps its history. Raises NotFound, ValidationFailed, Conflict.
    """
    if not policy.can_change_time_giver_state(user, time_giver) or not time_giver.is_vetted:
        raise NotFound()
    if action not in TRANSITIONS:
        raise ValidationFailed(_l("Unknown action."))
    from_states, to_state = TRANSITIONS[action]
    if action == "activate":
        expires = time_giver.certificate_expires_on
        if expires is None or expires <= (today or local_today()):
            raise ValidationFailed(_l("The police certificate has expired. A coordinator needs to see a new one "
                                      "before new pairings can be made."))
    if action == "retire":
        from .matches import active_match_count

        if active_match_count(time_giver):
            raise ValidationFailed(_l("End the active pairings first; each side can end a pairing on its page."))
        _withdraw_open_proposals(time_giver)
    if not _move(time_giver, from_states, to_state):
        db.session.rollback()
        raise Conflict(_l("This has changed meanwhile. Reload the page and try again."))
    db.session.commit()


def _withdraw_open_proposals(time_giver):
    proposals = db.session.scalars(select(Proposal).where(
        Proposal.time_giver_id == time_giver.id, Proposal.state.in_(ProposalState.PENDING))).all()
    for proposal in proposals:
        close_proposal(proposal, ProposalState.WITHDRAWN)


def warn_expiring_certificates(today=None):
    """The sweep: tell a vetted time-giver and the coordinators, once per certificate, that the police certificate
    runs out within CERTIFICATE_WARNING_DAYS. Commits once; returns how many time-givers were warned."""
    today = today or local_today()
    expiring = db.session.scalars(select(TimeGiver).where(
        TimeGiver.state.in_(TimeGiverState.VETTED), TimeGiver.certificate_expires_on.is_not(None),
        TimeGiver.certificate_expires_on <= today + timedelta(days=CERTIFICATE_WARNING_DAYS),
        or_(TimeGiver.certificate_warned_for.is_(None),
            TimeGiver.certificate_warned_for != TimeGiver.certificate_expires_on))
        .order_by(TimeGiver.id)).all()
    for time_giver in expiring:
        time_giver.certificate_warned_for = time_giver.certificate_expires_on
        telling.certificate_expiring(time_giver)
    db.session.commit()
    return len(expiring)

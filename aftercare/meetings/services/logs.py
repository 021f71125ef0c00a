"""Session logs (referat): a recorder per meeting, versioned saves, publishing, name warnings, removal requests."""
import re
from collections import namedtuple

from flask_babel import gettext as _
from sqlalchemy import select

from ... import policy
from ...exceptions import PermissionDenied, ValidationFailed
from ...extensions import db
from ...groups.models import MembershipStatus
from ...notifications.services import acted_on, notify
from ...timeutil import utcnow
from ..models import FREE_TEXT_FIELDS, LOG_FIELDS, MeetingLog, MeetingLogVersion, RemovalRequest, RemovalStatus

MAX_FIELD = 5000
REMOVED = "[…]"


def log_of(meeting):
    return db.session.scalar(select(MeetingLog).where(MeetingLog.meeting_id == meeting.id))


def assign_recorder(user, meeting, recorder_id):
    """A leader picks any active member to write the log of this meeting.
    Raises PermissionDenied, ValidationFailed."""
    group = meeting.group
    if not policy.can_manage_group(user, group):
        raise PermissionDenied()
    membership = group.membership_of(recorder_id)
    if membership is None or membership.status != MembershipStatus.ACTIVE:
        raise ValidationFailed(_("Choose one of the group's members."), field="recorder")
    log = log_of(meeting) or MeetingLog(meeting_id=meeting.id)
    if log.recorder_id not in (None, recorder_id):
        acted_on([log.recorder_id], f"meeting_log:{meeting.id}")
    if recorder_id != user.id and log.recorder_id != recorder_id:
        notify([recorder_id], "recorder_assigned", link=f"/groups/{group.id}/meetings/{meeting.id}/log",
               about=f"meeting_log:{meeting.id}", group=group.name, when=meeting.starts_at.isoformat(),
               tz=group.timezone)
    log.recorder_id = recorder_id
    db.session.add(log)
    db.session.commit()
    return log


def why_no_log_yet(meeting, now=None):
    """Why no log can be written for this meeting now (it has not begun, or it was cancelled), or None."""
    if meeting.log_may_start(now):
        return None
    if meeting.is_cancelled:
        return _("This meeting was cancelled, so it has no log.")
    return _("The log can be written once the meeting has begun.")


def _member_names(group):
    names = []
    for membership in group.active_memberships:
        for name in (membership.user.display_name, membership.user.real_name):
            name = (name or "").strip()
            if len(name) >= 2 and name not in names:
                names.append(name)
    return names


def _free_text(fields):
    """The free-text fields of a form's data (a mapping) or of a saved version."""
    if isinstance(fields, dict):
        return {name: fields.get(name) or "" for name in FREE_TEXT_FIELDS}
    return {name: getattr(fields, name) or "" for name in FREE_TEXT_FIELDS}


def name_warnings(group, fields):
    """Display names or real names of members found in the free-text fields."""
    text = "\n".join(_free_text(fields).values())
    return [name for name in _member_names(group)
            if re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text, re.IGNORECASE)]


# A passage is a sentence, or a line of a list.
_PASSAGE_BREAK = re.compile(r"(?<=[.!?;])\s+|\n+")

NameCheck = namedtuple("NameCheck", "names passages")


def name_passages(group, fields):
    """Every passage of the free-text fields that holds a member's name, in the order of the log, as
    (field, parts) where parts are (text, is_name) pairs, so that a page can quote it with the names marked."""
    names = sorted(_member_names(group), key=len, reverse=True)  # "Olga Hansen" before "Olga"
    if not names:
        return []
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(name) for name in names) + r")(?!\w)", re.IGNORECASE)
    found = []
    for field, text in _free_text(fields).items():
        for passage in _PASSAGE_BREAK.split(text):
            passage = passage.strip()
            if passage and pattern.search(passage):
                # split() with one group: every odd piece is a name.
                found.append((field, tuple((piece, index % 2 == 1)
                                           for index, piece in enumerate(pattern.split(passage)) if piece)))
    return found


def check_names(group, fields):
    """The names found and the passages that hold them (see name_warnings and name_passages)."""
    return NameCheck(name_warnings(group, fields), name_passages(group, fields))


def names_in_log(user, meeting, log):
    """For the recorder and the leaders, the names in the latest version of the log (a NameCheck); nothing
    for anyone else."""
    if log is None or log.latest is None or not policy.can_write_log(user, meeting, log):
        return NameCheck([], [])
    return check_names(meeting.group, log.latest)


def save_log(user, meeting, fields, now=None):
    """A new version with these fields, once the meeting has begun; returns (version, names found in free
    text). Raises PermissionDenied, ValidationFailed."""
    log = log_of(meeting)
    if log is None or not policy.can_write_log(user, meeting, log):
        raise PermissionDenied()
    refusal = why_no_log_yet(meeting, now)
    if refusal:
        raise ValidationFailed(refusal)
    values = {name: (fields.get(name) or "").strip() for name in LOG_FIELDS}
    for name, value in values.items():
        if len(value) > MAX_FIELD:
            raise ValidationFailed(_("Each part of the log holds at most %(n)d characters.", n=MAX_FIELD),
                                   field=name)
    if not any(values.values()):
        raise ValidationFailed(_("Write at least one part of the log."))
    version = _new_version(log, values, user)
    db.session.commit()
    return version, name_warnings(meeting.group, values)


def _new_version(log, values, user):
    number = (log.latest.number + 1) if log.latest else 1
    version = MeetingLogVersion(number=number, saved_by_id=user.id, **values)
    log.versions.append(version)
    return version


def publish_log(user, meeting, version_number=None, now=None):
    """The recorder or a leader publishes the log to the members, once the meeting has begun. With
    `version_number` (the version the person read and confirmed), only while that is still the latest.
    Raises PermissionDenied, ValidationFailed."""
    log = log_of(meeting)
    if log is None or not policy.can_write_log(user, meeting, log):
        raise PermissionDenied()
    refusal = why_no_log_yet(meeting, now)
    if refusal:
        raise ValidationFailed(refusal)
    if log.latest is None:
        raise ValidationFailed(_("Write the log before publishing it."))
    if log.published_at is None and version_number is not None and version_number != log.latest.number:
        raise ValidationFailed(_("The log has changed since you read it. Read the new version, then publish it."))
    if log.published_at is None:
        log.published_at = utcnow()
        group = meeting.group
        acted_on([user.id] + ([log.recorder_id] if log.recorder_id else []), f"meeting_log:{meeting.id}")
        notify([m.user_id for m in group.active_memberships if m.user_id != user.id], "log_published",
               link=f"/groups/{group.id}/meetings/{meeting.id}/log", group=group.name,
               when=meeting.starts_at.isoformat(), tz=group.timezone)
    db.session.commit()
    return log


def readable_version(user, meeting, log):
    """The latest version for the recorder and leaders; for the other members, only once published."""
    if log is None or log.latest is None or not policy.can_view_meetings(user, meeting.group):
        return None
    if log.published_at is None and not policy.can_write_log(user, meeting, log):
        return None
    return log.latest


def request_removal(user, meeting, passage, note=""):
    """A member asks the leaders to remove a passage of the published log. Raises PermissionDenied,
    ValidationFailed."""
    log = log_of(meeting)
    if log is None or log.published_at is None or not policy.can_request_removal(user, meeting.group):
        raise PermissionDenied()
    passage, note = (passage or "").strip(), (note or "").strip()
    if not passage or len(passage) > 1000 or len(note) > 500:
        raise ValidationFailed(_("Copy the passage (up to 1000 characters) as it stands in the log."),
                               field="passage")
    if not any(passage in getattr(log.latest, name) for name in LOG_FIELDS):
        raise ValidationFailed(_("That passage is not in the log. Copy it exactly as it stands."), field="passage")
    request = RemovalRequest(log_id=log.id, user_id=user.id, passage=passage, note=note)
    db.session.add(request)
    db.session.flush()
    notify(_removal_handlers(meeting, log) - {user.id}, "log_removal_requested",
           link=f"/groups/{meeting.group_id}/meetings/{meeting.id}/log", about=f"log_removal:{request.id}",
           group=meeting.group.name)
    db.session.commit()
    return request


def _removal_handlers(meeting, log):
    """The leaders and the recorder, who decide on a request to remove a passage."""
    return {m.user_id for m in meeting.group.leaders} | ({log.recorder_id} if log.recorder_id else set())


def removal_requests(user, meeting, log):
    """The recorder and leaders see every request; a member sees their own."""
    if log is None:
        return []
    query = select(RemovalRequest).where(RemovalRequest.log_id == log.id).order_by(RemovalRequest.created_at)
    if not policy.can_write_log(user, meeting, log):
        query = query.where(RemovalRequest.user_id == user.id)
    return db.session.scalars(query).all()


def _remove_passage(log, request, user):
    """The passage goes from every place that holds it: every version of the log (a new version marks the
    removal), the request itself (its quote and its note, which may describe it) and any other request
    that quotes it. Notifications about removals never carry the passage."""
    passage = request.passage
    values = {name: getattr(log.latest, name).replace(passage, REMOVED) for name in LOG_FIELDS}
    for version in log.versions:
        for name in LOG_FIELDS:
            setattr(version, name, getattr(version, name).replace(passage, REMOVED))
    _new_version(log, values, user)
    for other in db.session.scalars(select(RemovalRequest).where(RemovalRequest.log_id == log.id,
                                                                 RemovalRequest.id != request.id)):
        other.passage, other.note = other.passage.replace(passage, REMOVED), other.note.replace(passage, REMOVED)
    request.passage, request.note = REMOVED, ""


def decide_removal(user, meeting, request_id, remove):
    """Remove the passage (a new version without it) or decline; the member sees the outcome.
    Raises PermissionDenied, ValidationFailed."""
    log = log_of(meeting)
    if log is None or not policy.can_write_log(user, meeting, log):
        raise PermissionDenied()
    request = db.session.get(RemovalRequest, request_id) if isinstance(request_id, int) else None
    if request is None or request.log_id != log.id:
        raise ValidationFailed(_("That request is not for this log."))
    if request.status != RemovalStatus.OPEN:
        raise ValidationFailed(_("That request has already been handled."))
    if remove:
        _remove_passage(log, request, user)
    request.status = RemovalStatus.REMOVED if remove else RemovalStatus.DECLINED
    request.decided_at, request.decided_by_id = utcnow(), user.id
    acted_on(_removal_handlers(meeting, log), f"log_removal:{request.id}")
    notify([request.user_id], "log_removal_" + request.status,
           link=f"/groups/{meeting.group_id}/meetings/{meeting.id}/log", group=meeting.group.name)
    db.session.commit()
    return request

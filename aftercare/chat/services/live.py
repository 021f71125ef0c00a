"""Live meetings in the group channel: open and close, raise and lower hands, give the floor."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ... import policy
from ...exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from ...extensions import db
from ...timeutil import utcnow
from ..models import LiveMeeting, Mute, RaisedHand
from .guests import guest_visit


def current_live(channel):
    """The open live meeting of a channel, or None."""
    if channel.kind != "group":
        return None
    return db.session.scalar(select(LiveMeeting).where(LiveMeeting.channel_id == channel.id,
                                                       LiveMeeting.closed_at.is_(None)).limit(1))


def open_live(user, channel, meeting_id=None):
    """A leader opens the live meeting, for the group's meeting being held now (if any; `meeting_id`, when
    given, must be that one). Raises PermissionDenied, Conflict (already open), ValidationFailed."""
    if not policy.can_moderate_channel(user, channel):
        raise PermissionDenied(_l("Only the group's leaders open a meeting."))
    if current_live(channel) is not None:
        raise Conflict(_l("The meeting is already open."))
    from ...meetings.services.scheduling import meetings_around

    around = meetings_around(channel.group) if channel.kind == "group" else []
    if meeting_id is None:
        meeting_id = around[0].id if around else None
    elif meeting_id not in {meeting.id for meeting in around}:
        # Who may read the chat as a guest follows the meeting a live session belongs to: only one of the
        # group's meetings being held now is one.
        raise ValidationFailed(_l("That is not the group's meeting being held now."))
    live = LiveMeeting(channel_id=channel.id, meeting_id=meeting_id, opened_by_id=user.id)
    db.session.add(live)
    db.session.commit()
    return live


def close_live(user, channel):
    """A leader closes the live meeting; mutes given for it end with it. Returns the closed meeting.
    Raises NotFound, PermissionDenied."""
    if not policy.can_moderate_channel(user, channel):
        raise PermissionDenied(_l("Only the group's leaders close a meeting."))
    live = current_live(channel)
    if live is None:
        raise NotFound()
    now = utcnow()
    live.closed_at, live.floor_user_id = now, None
    db.session.execute(update(RaisedHand).where(RaisedHand.live_id == live.id, RaisedHand.lowered_at.is_(None))
                       .values(lowered_at=now))
    db.session.execute(update(Mute).where(Mute.channel_id == channel.id, Mute.until > now).values(until=now))
    db.session.commit()
    return live


def _open_live_or_fail(channel):
    live = current_live(channel)
    if live is None:
        raise ValidationFailed(_l("There is no meeting open right now."))
    return live


def raise_hand(user, channel):
    """Put the user's hand up (once; a second raise keeps the first place in the queue).
    Raises PermissionDenied, ValidationFailed."""
    if not policy.can_take_part_in_live(user, channel, guest_visit(user, channel)):
        raise PermissionDenied(_l("You cannot raise your hand here."))
    live = _open_live_or_fail(channel)
    if any(hand.user_id == user.id for hand in live.queue):
        return live
    db.session.add(RaisedHand(live_id=live.id, user_id=user.id))
    db.session.commit()
    db.session.refresh(live)
    return live


def lower_hand(user, channel, member_id=None):
    """Lower one's own hand; a leader may lower anyone's. Raises PermissionDenied, ValidationFailed."""
    live = _open_live_or_fail(channel)
    target = user.id if member_id is None else member_id
    if target != user.id:
        if not policy.can_moderate_channel(user, channel):
            raise PermissionDenied(_l("Only the group's leaders lower someone else's hand."))
        if not any(hand.user_id == target for hand in live.queue):
            raise ValidationFailed(_l("That person does not have a hand up."))
    db.session.execute(update(RaisedHand).where(RaisedHand.live_id == live.id, RaisedHand.user_id == target,
                                                RaisedHand.lowered_at.is_(None)).values(lowered_at=utcnow()))
    db.session.commit()
    db.session.refresh(live)
    return live


def give_floor(user, channel, member_id=None):
    """A leader gives the floor: to the first in the queue (member_id None), to anyone in the queue,
    or to a co-leader. Their hand goes down. Raises Conflict, PermissionDenied,
    ValidationFailed."""
    if not policy.can_moderate_channel(user, channel):
        raise PermissionDenied(_l("Only the group's leaders give the floor."))
    live = _open_live_or_fail(channel)
    queue = live.queue
    if member_id is None:
        if not queue:
            raise ValidationFailed(_l("Nobody has a hand up."))
        member_id = queue[0].user_id
    in_queue = any(hand.user_id == member_id for hand in queue)
    group = channel.group
    if not in_queue and not (policy.is_group_leader_id(member_id, group)):
        raise ValidationFailed(_l("Give the floor to someone with a hand up, or to a co-leader."))
    now = utcnow()
    live.floor_user_id = member_id
    db.session.execute(update(RaisedHand).where(RaisedHand.live_id == live.id, RaisedHand.user_id == member_id,
                                                RaisedHand.lowered_at.is_(None)).values(lowered_at=now))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_l("Something changed at the same time. Try again."))
    db.session.refresh(live)
    return live


def live_view(live):
    """What every reader sees of the live meeting (no personal data beyond display names)."""
    if live is None:
        return {"open": False}
    return {
        "open": True,
        "id": live.id,
        "meeting_id": live.meeting_id,
        "queue": [{"id": hand.user_id, "name": hand.user.display_name} for hand in live.queue],
        "floor": ({"id": live.floor_user_id, "name": live.floor_user.display_name}
                  if live.floor_user is not None else None),
    }


def leaders_for_floor(channel):
    """The group's leaders (id and display name), to whom a leader can pass the floor."""
    if channel.kind != "group":
        return []
    return [{"id": m.user_id, "name": m.user.display_name} for m in channel.group.leaders]


def meeting_context(user, channel):
    """For the chat page: the agenda of the meeting being held (or about to be), and what to do after it
    (feedback; for the recorder, the log), as (agenda texts, [(label, url)])."""
    from flask import url_for

    from ...meetings.models import Meeting, MeetingLog
    from ...meetings.services.agenda import agenda
    from ...meetings.services.scheduling import meeting_around

    if channel.kind != "group":
        return [], []
    visit = guest_visit(user, channel)
    if visit is not None:  # a guest: the agenda of their own meeting, never another's
        return [item.text for item in agenda(visit.meeting)], []
    live = db.session.scalar(select(LiveMeeting).where(LiveMeeting.channel_id == channel.id)
                             .order_by(LiveMeeting.id.desc()).limit(1))
    meeting = db.session.get(Meeting, live.meeting_id) if live is not None and live.meeting_id else None
    meeting = meeting or meeting_around(channel.group)
    if meeting is None:
        return [], []
    links = []
    if policy.can_view_group(user, channel.group):  # members; a guest gets the agenda only
        links.append((_l("How was this meeting for you?"),
                      url_for("meetings.feedback", group_id=meeting.group_id, meeting_id=meeting.id)))
        recorder_id = db.session.scalar(select(MeetingLog.recorder_id).where(MeetingLog.meeting_id == meeting.id))
        if recorder_id == user.id:
            links.append((_l("Write the log of the meeting"),
                          url_for("meetings.log", group_id=meeting.group_id, meeting_id=meeting.id)))
    return [item.text for item in agenda(meeting)], links

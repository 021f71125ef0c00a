"""What a guest professional gets of a group's chat: the messages of the one meeting the group adopted them
for (posted while its live session was open, or in its window when it has none), nothing of another
meeting, nothing from before or after. Messages carry their meeting (Message.meeting_id) from the moment
they are stored, so the page, the catch-up and the live pushes all answer the same."""
from sqlalchemy import and_, exists, select

from ... import policy
from ...extensions import db
from ...timeutil import utcnow
from ..models import LiveMeeting


def meeting_now(channel, now=None):
    """The meeting a message posted in this channel now belongs to, or None.

    With a live session open: that session's meeting (when it is one of this group's). With none open:
    the one meeting of the group, not cancelled, whose guest window holds now, when it has an adopted
    guest and has not already been held live (once its live session closed, what follows is not its).
    Two meetings whose windows both hold now make the moment nobody's: a guest never reads another
    meeting's messages."""
    from ...meetings.models import GuestInvitation, Meeting

    if channel is None or channel.kind != "group":
        return None
    now = now or utcnow()
    live = db.session.execute(
        select(LiveMeeting.id, Meeting.id.label("meeting_id"))
        .outerjoin(Meeting, and_(Meeting.id == LiveMeeting.meeting_id, Meeting.group_id == channel.group_id))
        .where(LiveMeeting.channel_id == channel.id, LiveMeeting.closed_at.is_(None))
        .order_by(LiveMeeting.id.desc()).limit(1)).first()
    if live is not None:
        return live.meeting_id
    around = db.session.scalars(select(Meeting).where(
        Meeting.group_id == channel.group_id, Meeting.cancelled_at.is_(None),
        Meeting.starts_at <= now + policy.GUEST_EARLY, Meeting.ends_at > now).limit(2)).all()
    if len(around) != 1:
        return None
    meeting = around[0]
    has_guest = db.session.scalar(select(exists().where(GuestInvitation.meeting_id == meeting.id,
                                                        GuestInvitation.status == "adopted")))
    held_live = db.session.scalar(select(exists().where(LiveMeeting.channel_id == channel.id,
                                                        LiveMeeting.meeting_id == meeting.id)))
    return meeting.id if has_guest and not held_live else None


def guest_visit(user, channel, now=None):
    """The facts the guest rules decide on, for a professional who is not in the group, in a group
    channel: their adopted meeting whose window holds now (the one messages now belong to, if several)
    and the meeting a post now would belong to. None for everyone else (no query for members)."""
    from ...meetings.services.guests import GuestVisit, adopted_meetings_in_window

    if (channel is None or channel.kind != "group" or not policy.has_professional_powers(user)
            or channel.group.membership_of(user.id) is not None):
        return None
    now = now or utcnow()
    meetings = adopted_meetings_in_window(user, channel.group, now)
    if not meetings:
        return None
    current = meeting_now(channel, now)
    meeting = next((m for m in meetings if m.id == current), meetings[0])
    return GuestVisit(user.id, meeting, now, current)


def reading_room(user, channel):
    """The room a reader's socket joins: the channel's for members, their meeting's for a guest (who is
    never in the channel's room, so no push of another meeting's reaches them)."""
    visit = guest_visit(user, channel)
    if visit is not None and not policy.can_view_group(user, channel.group):
        return channel.meeting_room(visit.meeting.id)
    return channel.room


def guest_meeting_ids(channel, now=None):
    """The meetings of the channel's group that have an adopted guest and whose guest window holds now."""
    from ...meetings.models import GuestInvitation, Meeting

    if channel is None or channel.kind != "group":
        return []
    now = now or utcnow()
    return list(db.session.scalars(select(Meeting.id).join(GuestInvitation).where(
        Meeting.group_id == channel.group_id, Meeting.cancelled_at.is_(None), GuestInvitation.status == "adopted",
        Meeting.starts_at <= now + policy.GUEST_EARLY, Meeting.ends_at > now).distinct()))

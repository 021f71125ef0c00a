"""Private calendar feeds (ICS, RFC 5545) with a revocable secret, and single-meeting downloads."""
import hashlib
import secrets

from flask_babel import force_locale, lazy_gettext as _l
from sqlalchemy import select

from ... import policy
from ...extensions import db
from ...groups.models import Group, Membership, MembershipStatus
from ...timeutil import utcnow
from ..models import CalendarFeed, Meeting


def _digest(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def has_feed(user):
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id)) is not None


def renew_feed(user):
    """A new secret; the old URL stops working at once. Returns the token (shown once, never stored)."""
    token = secrets.token_urlsafe(32)
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))
    if feed is None:
        feed = CalendarFeed(user_id=user.id, token_hash=_digest(token))
        db.session.add(feed)
    else:
        feed.token_hash, feed.created_at = _digest(token), utcnow()
    db.session.commit()
    return token


def revoke_feed(user):
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))
    if feed is not None:
        db.session.delete(feed)
        db.session.commit()


def feed_user(token):
    """The owner of a feed secret, or None (unknown, revoked or the account can no longer sign in)."""
    if not token or len(token) > 100:
        return None
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == _digest(token)))
    if feed is None:
        return None
    from ...accounts.models import User

    user = db.session.get(User, feed.user_id)
    return user if user is not None and getattr(user, "is_active", False) else None


def feed_meetings(user):
    """Meetings of every group the person may see, from 30 days back."""
    from datetime import timedelta

    groups = db.session.scalars(select(Group).join(Membership).where(
        Membership.user_id == user.id, Membership.status == MembershipStatus.ACTIVE)).all()
    ids = [group.id for group in groups if policy.can_view_meetings(user, group)]
    if not ids:
        return []
    return db.session.scalars(select(Meeting).where(Meeting.group_id.in_(ids),
                                                    Meeting.ends_at > utcnow() - timedelta(days=30))
                              .order_by(Meeting.starts_at)).all()


def _escape(text):
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line):
    """Lines longer than 75 octets continue on the next line after CRLF and a space, never inside a character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current)
            current = b""
        current += encoded
    out.append(current)
    return "\r\n ".join(part.decode("utf-8") for part in out)


def _stamp(moment):
    return moment.strftime("%Y%m%dT%H%M%SZ")


GROUP_CHAT = _l("Group chat")


def _chat_label(group):
    """Where an online meeting happens, in the group's language (not the reader's or the requester's)."""
    from ...deletion import group_language

    with force_locale(group_language(group)):
        return str(GROUP_CHAT)


REMINDER = _l("%(group)s meets in an hour")


def _reminder(meeting):
    """A reminder one hour before, in the group's language (the calendar app shows it; nothing is sent)."""
    from ...deletion import group_language

    with force_locale(group_language(meeting.group)):
        text = str(REMINDER % {"group": meeting.group.name})
    return ["BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT1H", "DESCRIPTION:" + _escape(text), "END:VALARM"]


def ics_for(meetings, host, name="Aftercare"):
    """The calendar text: CRLF line ends, escaped text, UTC times, stable UIDs, a reminder an hour before each
    meeting that is not cancelled; the texts of each meeting in its group's language."""
    now = _stamp(utcnow())
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Aftercare//Meetings//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "X-WR-CALNAME:" + _escape(name)]
    for meeting in meetings:
        lines += ["BEGIN:VEVENT", f"UID:meeting-{meeting.id}@{host}", f"DTSTAMP:{now}",
                  f"DTSTART:{_stamp(meeting.starts_at)}", f"DTEND:{_stamp(meeting.ends_at)}",
                  "SUMMARY:" + _escape(meeting.group.name),
                  "LOCATION:" + _escape(_chat_label(meeting.group) if meeting.online else meeting.place),
                  "STATUS:" + ("CANCELLED" if meeting.is_cancelled else "CONFIRMED"),
                  f"SEQUENCE:{2 if meeting.is_cancelled else 1 if meeting.moved_at else 0}"]
        if not meeting.is_cancelled:
            lines += _reminder(meeting)
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)

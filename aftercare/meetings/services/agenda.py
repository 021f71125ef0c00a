"""The agenda: members propose topics and upvote; the leader sets the order."""
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ... import policy
from ...exceptions import PermissionDenied, ValidationFailed
from ...extensions import db
from ..models import AgendaItem, AgendaVote


def agenda(meeting):
    """Ordered items first (leader's order), then the rest by votes, oldest first."""
    return sorted(meeting.agenda_items, key=lambda item: (
        item.position is None, item.position or 0, -len(item.votes), item.created_at, item.id))


def propose_item(user, meeting, text):
    """A member proposes a topic for the meeting. Raises PermissionDenied, ValidationFailed."""
    if meeting.is_cancelled:
        raise ValidationFailed(_("The meeting is cancelled; no topics can be added."), field="text")
    if not policy.can_propose_agenda_item(user, meeting):
        raise PermissionDenied()
    text = (text or "").strip()
    if not text or len(text) > 300:
        raise ValidationFailed(_("Write the topic in 1 to 300 characters."), field="text")
    item = AgendaItem(meeting_id=meeting.id, text=text, proposed_by_id=user.id)
    db.session.add(item)
    db.session.commit()
    return item


def toggle_vote(user, item):
    """One upvote per member and topic; a second press takes it back. Raises PermissionDenied."""
    if not policy.can_vote_agenda_item(user, item.meeting):
        raise PermissionDenied()
    mine = next((vote for vote in item.votes if vote.user_id == user.id), None)
    if mine is not None:
        item.votes.remove(mine)
        db.session.commit()
        return False
    item.votes.append(AgendaVote(user_id=user.id))
    try:
        db.session.commit()
    except IntegrityError:  # a double click raced the first vote
        db.session.rollback()
    return True


def order_agenda(user, meeting, item_ids):
    """The leader's order: the listed items get positions 1..n, the others go after them.
    Raises PermissionDenied, ValidationFailed."""
    if not policy.can_order_agenda(user, meeting):
        raise PermissionDenied()
    items = {item.id: item for item in meeting.agenda_items}
    if len(set(item_ids)) != len(item_ids) or any(item_id not in items for item_id in item_ids):
        raise ValidationFailed(_("The order names topics that are not on this agenda."))
    for item in items.values():
        item.position = None
    for position, item_id in enumerate(item_ids, start=1):
        items[item_id].position = position
    db.session.commit()

"""Who is told of each step of an application, a request, a proposal and a match. Only the people the step needs
or concerns are told; the coordinator never learns more than the state (no reasons, answers or farewells)."""
from sqlalchemy import select

from ...accounts.models import Role, User, UserRole
from ...extensions import db
from ...notifications.services import FORMER_MEMBER_PARAM, acted_on, notify
from ...signals import account_deleting

# The kinds whose `name` is the person who caused them.
NAMED_KINDS = ("match_ended", "certificate_expiring_for_coordinator")


def coordinator_ids(except_id=None):
    """The ids of the coordinators' active accounts (but `except_id`), who are told of steps that need one."""
    query = (select(User.id).join(UserRole, UserRole.user_id == User.id)
             .where(UserRole.role == Role.COORDINATOR, User.is_disabled.is_(False)))
    return [user_id for user_id in db.session.scalars(query) if user_id != except_id]


def proposal_about(proposal):
    return f"match_proposal:{proposal.id}"


def request_about(time_giver_request):
    return f"time_giver_request:{time_giver_request.id}"


def application_applied(time_giver):
    notify(coordinator_ids(except_id=time_giver.user_id), "time_giver_applied",
           link=f"/time-givers/coordinate/volunteers/{time_giver.id}", about=f"time_giver:{time_giver.id}")


def application_decided(time_giver, approved):
    acted_on(coordinator_ids(), f"time_giver:{time_giver.id}")
    notify([time_giver.user_id], "application_approved" if approved else "application_declined",
           link="/time-givers/volunteer")


def request_made(time_giver_request):
    notify(coordinator_ids(except_id=time_giver_request.participant_id), "time_giver_requested",
           link=f"/time-givers/coordinate/requests/{time_giver_request.id}", about=request_about(time_giver_request))


def request_settled(time_giver_request):
    """A coordinator proposed someone, or the participant withdrew: nothing waits for the coordinators now."""
    acted_on(coordinator_ids(), request_about(time_giver_request))


def proposed(proposal):
    notify([proposal.request.participant_id], "time_giver_proposed", link=f"/time-givers/proposals/{proposal.id}",
           about=proposal_about(proposal))


def proposal_closed(proposal):
    acted_on([proposal.request.participant_id, proposal.time_giver.user_id], proposal_about(proposal))


def participant_said_yes(proposal):
    notify([proposal.time_giver.user_id], "participant_suggested", link=f"/time-givers/proposals/{proposal.id}",
           about=proposal_about(proposal))


def declined(proposal, by_participant):
    """The coordinator who proposed is told only that it was declined (no reason is ever asked); when the
    time-giver said no, the participant is told her request waits for someone else."""
    coordinators = [proposal.proposed_by_id] if proposal.proposed_by_id else coordinator_ids()
    notify(coordinators, "proposal_declined", link=f"/time-givers/coordinate/requests/{proposal.request_id}",
           about=f"time_giver_request:{proposal.request_id}")
    if not by_participant:
        notify([proposal.request.participant_id], "time_giver_declined", link="/time-givers/my-request")


def match_started(proposal, match):
    notify([match.participant_id], "match_started", link=f"/time-givers/matches/{match.id}")
    coordinators = [proposal.proposed_by_id] if proposal.proposed_by_id else coordinator_ids()
    notify(coordinators, "match_started_for_coordinator", link="/time-givers/coordinate/matches")


def match_ended(match, by_user):
    """Only the other side is told, by name; the farewell stays on the match page, the coordinator is not told."""
    pair = [match.participant_id, match.time_giver.user_id]
    acted_on(pair, check_in_about(match))
    notify([user_id for user_id in pair if user_id != by_user.id], "match_ended",
           link=f"/time-givers/matches/{match.id}", name=by_user.display_name)


def check_in_about(match):
    return f"match_check_in:{match.id}"


def check_in_due(match, user_ids):
    notify(user_ids, "match_check_in", link=f"/time-givers/matches/{match.id}", about=check_in_about(match))


def certificate_about(time_giver):
    return f"certificate:{time_giver.id}"


def certificate_expiring(time_giver):
    notify([time_giver.user_id], "certificate_expiring", link="/time-givers/volunteer",
           about=certificate_about(time_giver))
    notify(coordinator_ids(except_id=time_giver.user_id), "certificate_expiring_for_coordinator",
           link=f"/time-givers/coordinate/volunteers/{time_giver.id}", about=certificate_about(time_giver),
           name=time_giver.user.display_name)


def certificate_renewed(time_giver):
    acted_on([time_giver.user_id, *coordinator_ids()], certificate_about(time_giver))


@account_deleting.connect
def _forget_name_in_notifications(user, **_):
    """A deleted account's name in the notifications it caused (a match ended, a certificate running out)
    becomes "a former member", shown in the reader's language."""
    from ...notifications.models import Notification
    from ..models import Match, TimeGiver

    as_participant = select(TimeGiver.user_id).join(Match, Match.time_giver_id == TimeGiver.id).where(
        Match.participant_id == user.id)
    as_time_giver = select(Match.participant_id).join(TimeGiver, TimeGiver.id == Match.time_giver_id).where(
        TimeGiver.user_id == user.id)
    recipients = set(db.session.scalars(as_participant)) | set(db.session.scalars(as_time_giver)) | \
        set(coordinator_ids())
    recipients.discard(user.id)
    if not recipients:
        return
    for notification in db.session.scalars(select(Notification).where(
            Notification.user_id.in_(recipients), Notification.kind.in_(NAMED_KINDS))):
        if (notification.params or {}).get("name") == user.display_name:
            notification.params = {**notification.params, "name": dict(FORMER_MEMBER_PARAM)}

"""What deleting an account does across the person's groups: never silently leaderless, their name gone
from what others keep (logs, notifications; their votes stay, counted, as a former member's), and a log
line without personal data. Listens to `account_deleting`, sent inside the deletion's transaction; the
domains answer it in their own packages too (chat/listeners.py: the messages; matching/account_deletion.py:
proposals and matches; groups: places and waiting lists; referrals)."""
import re

from flask import current_app
from flask_babel import force_locale, lazy_gettext as _l
from sqlalchemy import delete, select, update

from . import audit
from .extensions import db
from .signals import account_deleting


def groups_left_without_leader(user):
    """Groups the person leads alone: after deletion they have no leader, and their coordinator sees it."""
    from .groups.models import Membership

    led = db.session.scalars(select(Membership).where(Membership.user_id == user.id,
                                                      Membership.status == "active", Membership.role == "leader"))
    return [m.group for m in led if not m.group.is_closed and len(m.group.leaders) == 1]


@account_deleting.connect
def _on_account_deleting(user, **_):
    # A co-leader simply carries on; a group with no leader left shows a warning on the page of the
    # coordinator who set it up ("This group has no leader").
    _tell_coordinators_of_leaderless_groups(user)
    _scrub_names(user)
    _withdraw_open_votes(user)
    _scrub_audit_names(user)
    audit.record("account.deleted", actor=None, actor_label="")


def _tell_coordinators_of_leaderless_groups(user):
    from .notifications.services import notify

    for group in groups_left_without_leader(user):
        if group.created_by_id is not None and group.created_by_id != user.id:
            notify([group.created_by_id], "group_no_leader", link="/groups/coordinate", group=group.name)


FORMER_MEMBER = _l("a former member")
# A group's texts are in the language the coordinator chose for it; bokmål, the language of the groups
# this platform serves, if that is somehow missing.
GROUP_FALLBACK_LANGUAGE = "nb"
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*)$")


def group_language(group):
    """The language the group's own texts are in (chosen at creation), else bokmål."""
    language = group.language
    return language if language in current_app.config["LANGUAGES"] else GROUP_FALLBACK_LANGUAGE


def _names_of(person):
    return {name.strip() for name in (person.display_name, person.real_name) if name and len(name.strip()) >= 2}


class NameScrubber:
    """Replaces the person's display name and real name where they stand as whole words, in their exact
    case, and leaves alone the longer names of other people that contain them ("Kari Nordmann" stays when
    "Kari" deletes her account; "kari" is someone else's name)."""

    def __init__(self, person, others, replacement):
        self.names = _names_of(person)
        self.replacement = str(replacement)
        whole = [re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)") for name in self.names]
        self.protected = {name for other in others for name in _names_of(other)
                          if name not in self.names and any(pattern.search(name) for pattern in whole)}
        alternatives = sorted(self.names | self.protected, key=len, reverse=True)
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in alternatives) + r")(?!\w)") \
            if self.names else None

    def _replace(self, match):
        if match.group(0) in self.protected:
            return match.group(0)
        if _SENTENCE_START.search(match.string[:match.start()]):
            return self.replacement[:1].upper() + self.replacement[1:]
        return self.replacement

    def __call__(self, text):
        if not text or self.pattern is None:
            return text
        return self.pattern.sub(self._replace, text)


def _person_groups(user):
    from .groups.models import Group, Membership

    return db.session.scalars(select(Group).where(Group.id.in_(
        select(Membership.group_id).where(Membership.user_id == user.id)))).all()


def _scrub_names(user):
    """The person's name leaves every text of their groups that others keep: session logs (every version),
    removal requests quoting them and the notifications of the group's people, in the group's language."""
    from .meetings.models import LOG_FIELDS, Meeting, MeetingLog, MeetingLogVersion, RemovalRequest

    if not _names_of(user):
        return
    seen_recipients = set()
    for group in _person_groups(user):
        others = [m.user for m in group.memberships if m.user_id != user.id and m.user is not None]
        with force_locale(group_language(group)):
            scrub = NameScrubber(user, others, FORMER_MEMBER)
        logs = select(MeetingLog.id).join(Meeting).where(Meeting.group_id == group.id)
        for version in db.session.scalars(select(MeetingLogVersion).where(MeetingLogVersion.log_id.in_(logs))):
            for field in LOG_FIELDS:
                text = getattr(version, field) or ""
                if scrub(text) != text:
                    setattr(version, field, scrub(text))
        for request in db.session.scalars(select(RemovalRequest).where(RemovalRequest.log_id.in_(logs),
                                                                       RemovalRequest.user_id != user.id)):
            request.passage, request.note = scrub(request.passage), scrub(request.note)
        recipients = {m.user_id for m in group.memberships} | ({group.created_by_id} - {None})
        recipients -= seen_recipients | {user.id}
        seen_recipients |= recipients
        _scrub_notifications(recipients, scrub)


def _withdraw_open_votes(user):
    """A vote on a proposal still open stops counting with the membership, so it goes; votes on decided
    proposals stay, without the voter, and keep the decision's count true."""
    from .groups.models import RuleProposal, Vote

    db.session.execute(delete(Vote).where(Vote.user_id == user.id, Vote.proposal_id.in_(
        select(RuleProposal.id).where(RuleProposal.status == "open"))).execution_options(synchronize_session=False))


def _scrub_notifications(recipients, scrub):
    """A parameter that is the person's name becomes the former-member marker, shown in the reader's own
    language ("A former member has given notice …"); a name inside another text is replaced there."""
    from .notifications.models import Notification
    from .notifications.services import FORMER_MEMBER_PARAM, PLAIN_PARAMS

    if not recipients:
        return
    for notification in db.session.scalars(select(Notification).where(Notification.user_id.in_(recipients))):
        params = dict(notification.params or {})
        changed = {}
        for key, value in params.items():
            if key in PLAIN_PARAMS or not isinstance(value, str):
                continue
            if value.strip() in scrub.names:
                changed[key] = dict(FORMER_MEMBER_PARAM)
            elif scrub(value) != value:
                changed[key] = scrub(value)
        if changed:
            notification.params = {**params, **changed}  # a new dict: JSON columns see only reassignment


def _scrub_audit_names(user):
    """Log lines the person caused keep what happened but lose their name ("Someone (guest) …")."""
    from .audit.models import AuditEntry

    db.session.execute(update(AuditEntry).where(AuditEntry.actor_id == user.id,
                                                AuditEntry.actor_label.not_in(("administrator", "coordinator")))
                       .values(actor_label="").execution_options(synchronize_session=False))

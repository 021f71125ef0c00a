"""Demo data so a newcomer can log in at once: one account of each kind, and a time-giver ready to be matched."""
from flask_babel import force_locale
from sqlalchemy import func, select

from . import policy
from .accounts.models import Role, User, UserRole
from .accounts.passwords import hash_password
from .extensions import db
from .timeutil import utcnow

DEMO_PASSWORD = "aftercare-demo"
# DEMO ONLY: the demo accounts that must use two-factor sign-in share this published TOTP secret, so a
# newcomer can log in at once (`flask demo-totp coordinator` prints the current code). Never reuse it.
DEMO_TOTP_SECRET = "AFTERCAREDEMOTOTPNOTFORREALUSE23"

DEMO_ACCOUNTS = [
    ("admin", "Admin", [Role.ADMIN]),
    ("coordinator", "Kari", [Role.COORDINATOR]),
    ("professional", "Dr. Berg", [Role.PROFESSIONAL]),
    ("councilcoordinator", "Siri", [Role.COUNCIL_COORDINATOR]),
    ("timegiver", "Ola", [Role.TIME_GIVER]),
    ("participant", "Lise", [Role.PARTICIPANT]),
    ("participant2", "Mona", [Role.PARTICIPANT]),
]


class _AsSignedIn:
    """The policy asks about signed-in people; demo accounts are checked before they exist."""

    is_authenticated = is_active = True

    def __init__(self, user):
        self.roles = frozenset(row.role for row in user.role_rows)
        self.professional_verified_at = user.professional_verified_at
        self.organisation = user.organisation


def demo_totp_code(username):
    """The current two-factor code of a demo account (DEMO ONLY). Raises ValidationFailed for any
    account that does not use the published demo secret."""
    import pyotp

    from .exceptions import ValidationFailed

    user = db.session.scalar(select(User).where(User.username == (username or "").strip().lower()))
    if user is None or user.totp_secret != DEMO_TOTP_SECRET or not user.has_two_factor:
        raise ValidationFailed("Only demo accounts with the demo two-factor secret have codes here.")
    return pyotp.TOTP(DEMO_TOTP_SECRET).now()


def database_is_empty():
    return not db.session.scalar(select(func.count()).select_from(User))


def load_demo_data():
    """Create the demo accounts; returns [(username, roles)]. Call only on an empty database."""
    password_hash = hash_password(DEMO_PASSWORD)
    created, users = [], {}
    for username, display_name, roles in DEMO_ACCOUNTS:
        user = User(username=username, display_name=display_name, password_hash=password_hash)
        user.role_rows = [UserRole(role=role) for role in roles]
        if Role.PROFESSIONAL in roles:
            user.professional_verified_at = utcnow()
        if Role.COUNCIL_COORDINATOR in roles:
            user.organisation = "Nettverksråd Vest (demo)"
        if policy.must_use_two_factor(_AsSignedIn(user)):
            user.totp_secret = DEMO_TOTP_SECRET
            user.totp_enabled_at = utcnow()
        db.session.add(user)
        users[username] = user
        created.append((username, [role.value for role in roles]))
    db.session.commit()
    _demo_group()
    from .matching import demo as matching_demo

    matching_demo.load(users)
    return created


def _demo_group():
    """A self-help group led by the two demo participants, set up by the demo coordinator."""
    from .chat.services import channel_for_group, post_message
    from .groups.models import TEMPLATE_RULES, Group, Membership, Rule
    from .signals import group_created

    users = {u.username: u for u in db.session.scalars(select(User))}
    leaders = [users["participant"], users["participant2"]]
    group = Group(name="Tirsdagsgruppa", purpose=(
        "A closed self-help group for mothers in opioid maintenance treatment (LAR): we share experiences, "
        "support each other and set our own agenda."), kind="self_help", capacity=8, intake="closed",
        meeting_rhythm="Tuesdays 18:00–19:30", meeting_minutes=90, audience="Women only",
        chat_retention_days=90, consent_method="majority", phase="working", seats_taken=len(leaders),
        created_by_id=users["coordinator"].id, language="en")  # its demo texts are in English
    group.memberships = [Membership(user_id=u.id, role="leader", accepted_rules_version=1) for u in leaders]
    with force_locale(group.language):
        group.rules = [Rule(position=n, text=str(text)) for n, text in enumerate(TEMPLATE_RULES, start=1)]
    db.session.add(group)
    db.session.flush()
    group_created.send(group)
    db.session.commit()
    channel = channel_for_group(group)
    post_message(users["participant2"], channel, client_id="demo-welcome-0001",
                 body="Welcome to the group chat. See you on Tuesday!")
    _demo_meetings(users["participant"], group)


def _demo_meetings(leader, group):
    """Tuesdays 18:00–19:30 for the next twelve weeks, with one topic on the first agenda."""
    from datetime import time, timedelta

    from .meetings import services as meetings

    today = utcnow().date()
    tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    series = meetings.schedule(leader, group, first_date=tuesday, start_time=time(18, 0), end_time=time(19, 30),
                               recurrence="weekly", weeks=meetings.HORIZON_WEEKS, place="Frivilligsentralen, room 2")
    meetings.propose_item(leader, series.meetings[0], "How we talk with our children about treatment")

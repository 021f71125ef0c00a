"""Demo data so a newcomer can log in at once: one account of each kind, and a time-giver ready to be matched."""
from sqlalchemy import func, select

from .accounts.models import Role, User, UserRole
from .accounts.passwords import hash_password
from .extensions import db
from .timeutil import utcnow

DEMO_PASSWORD = "aftercare-demo"

DEMO_ACCOUNTS = [
    ("admin", "Admin", [Role.ADMIN]),
    ("coordinator", "Kari (coordinator)", [Role.COORDINATOR]),
    ("professional", "Dr. Berg", [Role.PROFESSIONAL]),
    ("timegiver", "Ola", [Role.TIME_GIVER]),
    ("participant", "Lise", [Role.PARTICIPANT]),
    ("participant2", "Mona", [Role.PARTICIPANT]),
]


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
        db.session.add(user)
        users[username] = user
        created.append((username, [role.value for role in roles]))
    db.session.commit()
    from .matching import demo as matching_demo

    matching_demo.load(users)
    return created

"""Seeds the chat benchmark's database: members in groups of equal size, each group with its channel,
and a signed-in login session per member (a session cookie and CSRF token made with the server's
secret key), so that the run measures the chat rather than 2,000 password checks.
"""
from dataclasses import dataclass

from argon2 import PasswordHasher

from aftercare import create_app
from aftercare.accounts.models import Role, User, UserRole
from aftercare.chat.models import Channel
from aftercare.extensions import db
from aftercare.groups.models import TEMPLATE_RULES, Group, Membership, Rule

PASSWORD = "bench passphrase"


@dataclass
class Layout:
    usernames: list
    members: list  # (channel_id, group_index) per member, in order
    cookies: list  # the signed session cookie per member
    csrf_tokens: list  # the CSRF token per member, sent in the socket's auth payload
    password: str = PASSWORD


def _sign_in(app, users):
    """A login session per user, as the login page would make it, and its cookie and CSRF token."""
    from flask import session
    from flask_wtf.csrf import generate_csrf

    from aftercare.accounts.services import start_login_session

    serializer = app.session_interface.get_signing_serializer(app)
    cookies, tokens = [], []
    for user in users:
        login_session = start_login_session(user, "bench")
        # A fresh app context each time: Flask-WTF caches the token in `g`.
        with app.app_context(), app.test_request_context("/"):
            session["_user_id"] = login_session.public_id
            session["_fresh"] = True
            session.permanent = True
            tokens.append(generate_csrf())
            cookies.append(serializer.dumps(dict(session)))
    return cookies, tokens


def seed(database_url, members, groups, secret_key):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": secret_key, "TESTING": True,
                      "SOCKETIO_MESSAGE_QUEUE": None, "REDIS_URL": None})
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)
    with app.app_context():
        coordinator = User(username="bench-coordinator", display_name="Coordinator", password_hash=cheap)
        coordinator.role_rows = [UserRole(role=Role.COORDINATOR)]
        db.session.add(coordinator)
        users = []
        for n in range(members):
            user = User(username=f"bench{n:05d}", display_name=f"Member {n}", password_hash=cheap)
            user.role_rows = [UserRole(role=Role.PARTICIPANT)]
            users.append(user)
        db.session.add_all(users)
        db.session.flush()
        channel_ids = []
        per_group = members // groups
        for g in range(groups):
            people = users[g * per_group:(g + 1) * per_group] if g < groups - 1 else users[g * per_group:]
            group = Group(name=f"Group {g}", purpose="A benchmark group for measuring the chat.", capacity=50,
                          seats_taken=len(people), created_by_id=coordinator.id, phase="working")
            group.memberships = [Membership(user_id=u.id, role="leader" if i < 2 else "member",
                                            accepted_rules_version=1) for i, u in enumerate(people)]
            group.rules = [Rule(position=i, text=str(t)) for i, t in enumerate(TEMPLATE_RULES, start=1)]
            db.session.add(group)
            db.session.flush()
            channel = Channel(kind="group", group_id=group.id)
            db.session.add(channel)
            db.session.flush()
            channel_ids.append(channel.id)
        db.session.commit()
        cookies, tokens = _sign_in(app, users)
        layout = Layout(usernames=[u.username for u in users], cookies=cookies, csrf_tokens=tokens,
                        members=[(channel_ids[min(i // per_group, groups - 1)], min(i // per_group, groups - 1))
                                 for i in range(members)])
        db.engine.dispose()
    return layout

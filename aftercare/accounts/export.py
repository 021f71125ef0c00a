"""The account's section of a person's data export: the account itself, its kinds and its logins."""
from sqlalchemy import select

from ..exports import register_section, row, rows
from .models import LoginSession


def account(user):
    data = row(user)
    data["roles"] = sorted(role.value for role in user.roles)
    data["login_sessions"] = rows(select(LoginSession).where(LoginSession.user_id == user.id)
                                  .order_by(LoginSession.created_at))
    for item in data["login_sessions"]:
        item.pop("public_id", None)
    return data


register_section("account", account)

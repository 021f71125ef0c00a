"""The chat's section of a person's data export: what she wrote, her reactions and her reports."""
from sqlalchemy import select

from ..exports import register_section, rows
from .models import Message, Reaction, Report


def chat(user):
    return {"messages": rows(select(Message).where(Message.author_id == user.id).order_by(Message.created_at)),
            "reactions": rows(select(Reaction).where(Reaction.user_id == user.id)),
            "reports": rows(select(Report).where(Report.reporter_id == user.id))}


register_section("chat", chat)

"""What the chat does when another domain's signal (aftercare.signals) says something happened."""
from sqlalchemy import delete

from ..extensions import db
from ..signals import account_deleting, group_created
from .models import Message
from .services.channels import open_group_channel


@group_created.connect
def _open_channel_of_new_group(group, **_):
    """A group's channel is created with the group, so no page ever has to create it."""
    open_group_channel(group)


@account_deleting.connect
def _messages_of_deleted_account(user, delete_messages=False, **_):
    """The person chose to take their messages with them, or they stay and show as "Deleted member" once
    the author is gone (SET NULL)."""
    if delete_messages:
        db.session.execute(delete(Message).where(Message.author_id == user.id)
                           .execution_options(synchronize_session=False))

"""What the chat does when another domain's signal (aftercare.signals) says something happened."""
from ..signals import group_created
from .services.channels import open_group_channel


@group_created.connect
def _open_channel_of_new_group(group, **_):
    """A group's channel is created with the group, so no page ever has to create it."""
    open_group_channel(group)

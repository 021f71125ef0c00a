"""The names of the Socket.IO rooms: the server chooses every room a socket is in, and names them here."""

_LOGIN = "login:"


def user_room(user_id):
    """Every socket of one person (what is for that person only)."""
    return f"user:{user_id}"


def login_room(public_id):
    """Every socket opened by one login (one signed-in device)."""
    return f"{_LOGIN}{public_id}"


def login_of(room):
    """The login's public id of a login room, or None for any other room."""
    return room[len(_LOGIN):] if room and room.startswith(_LOGIN) else None


def channel_room(channel_id):
    """Every member reading the channel."""
    return f"channel:{channel_id}"


def meeting_room(channel_id, meeting_id):
    """A guest professional's socket: only what belongs to their meeting is sent there (a guest is never
    in the channel's own room)."""
    return f"channel:{channel_id}:meeting:{meeting_id}"


def is_meeting_room_of(channel_id, room):
    """Whether `room` is the room of one of the channel's meetings' guests."""
    return room.startswith(meeting_room(channel_id, ""))


def moderators_room(channel_id):
    """The channel's leaders (reports are announced there)."""
    return f"moderators:{channel_id}"

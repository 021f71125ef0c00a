"""Socket event payloads: one declarative schema per event, checked before any handler runs.

Every event takes exactly one JSON object of known keys whose values are scalars of an exact type:
an integer is never a bool or a float (so no NaN or Infinity), within the range of the database's
integer columns; a bool is a real bool; text has a maximum length and holds no NUL, other control
characters or lone surrogates. A schema never descends into what it refuses, so nesting and size cost
nothing beyond what the JSON decoder already spent. The wire format itself (malformed JSON, binary
frames, reserved or odd event names) is handled by SocketPacket.
"""
import re

from flask_babel import lazy_gettext as _l
from socketio import packet

from ..exceptions import ValidationFailed
from .models import MAX_BODY, REACTIONS

MAX_INT = 2**31 - 1  # PostgreSQL's integer: ids and sequence numbers beyond it cannot exist
MAX_EVENT_NAME = 32

# Refused in every text: NUL and the other C0 controls but tab and line breaks, DEL, and lone
# surrogates (a str from JSON holds a surrogate only when it is unpaired).
_UNSHOWABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

NOT_UNDERSTOOD = _l("The page sent a request the server could not understand. Reload the page and try again.")


class Malformed(ValidationFailed):
    """A payload that does not fit its event's schema (only a broken or hostile client sends one)."""


class Field:
    """A key of a payload. `message` is what the person is told when the value is wrong."""

    def __init__(self, *, required=False, nullable=False, default=None, message=None):
        self.required, self.nullable, self.default = required, nullable, default
        self.message = message or NOT_UNDERSTOOD

    def parse(self, name, value):
        if value is None and self.nullable:
            return self.default
        if not self.valid(value):
            raise Malformed(self.message, field=name)
        return self.clean(name, value)

    def valid(self, value):
        raise NotImplementedError

    def clean(self, name, value):
        return value


class Int(Field):
    def __init__(self, minimum=0, maximum=MAX_INT, **options):
        super().__init__(**options)
        self.minimum, self.maximum = minimum, maximum

    def valid(self, value):
        return type(value) is int and self.minimum <= value <= self.maximum


class Id(Int):
    """The id of a row: a positive database integer."""

    def __init__(self, **options):
        super().__init__(1, MAX_INT, **options)


class Bool(Field):
    def valid(self, value):
        return type(value) is bool


class Text(Field):
    def __init__(self, max_length, *, too_long=None, unshowable=None, **options):
        super().__init__(**options)
        self.max_length = max_length
        self.too_long, self.unshowable = too_long or self.message, unshowable or self.message

    def clean(self, name, value):
        if len(value) > self.max_length:
            raise Malformed(self.too_long, field=name)
        if _UNSHOWABLE.search(value):
            raise Malformed(self.unshowable, field=name)
        return value

    def valid(self, value):
        return type(value) is str


class Choice(Field):
    def __init__(self, choices, **options):
        super().__init__(**options)
        self.choices = frozenset(choices)

    def valid(self, value):
        return type(value) is str and value in self.choices


class Schema:
    """Schema(channel_id=Id(required=True), ...): parse(args) returns a dict with every declared key
    (the default for those left out) or raises Malformed. `together` lists keys that come as a
    set or not at all; `required_one`, keys of which at least one must come."""

    def __init__(self, together=(), required_one=(), **fields):
        self.fields = fields
        self.together = [frozenset(keys) for keys in together]
        self.required_one = frozenset(required_one)

    def parse(self, args):
        if len(args) != 1 or type(args[0]) is not dict:
            raise Malformed(NOT_UNDERSTOOD)
        data = args[0]
        if len(data) > len(self.fields) or not data.keys() <= self.fields.keys():
            raise Malformed(NOT_UNDERSTOOD)
        parsed = {}
        for name, field in self.fields.items():
            if name in data:
                parsed[name] = field.parse(name, data[name])
            elif field.required:
                raise Malformed(field.message, field=name)
            else:
                parsed[name] = field.default
        for keys in self.together:
            if keys & data.keys() and not keys <= data.keys():
                raise Malformed(NOT_UNDERSTOOD)
        if self.required_one and not self.required_one & data.keys():
            raise Malformed(NOT_UNDERSTOOD)
        return parsed


# --- the wire: what reaches the handlers at all ---

MALFORMED = "malformed"  # the event name every unreadable or refused packet becomes
RESERVED = frozenset({"connect", "disconnect", MALFORMED, "*"})


class SocketPacket(packet.Packet):
    """Socket.IO packets as the server reads them. A client packet that cannot be decoded (bad JSON,
    nesting deeper than the decoder allows, an integer of more than 100 digits), a binary frame (the chat
    sends none), or an event whose name is not a short string or is one the server reserves becomes the
    event `malformed`, answered and counted like any bad event, instead of a traceback in the log."""

    def decode(self, encoded_packet):
        try:
            attachments = super().decode(encoded_packet)
        except Exception:  # noqa: BLE001  (anything the client sent that does not decode)
            self._malformed(keep_id=type(getattr(self, "id", None)) is int)  # read before the JSON was
            return 0
        if self.packet_type not in (packet.CONNECT, packet.DISCONNECT, packet.EVENT, packet.ACK):
            self._malformed(keep_id=type(self.id) is int)  # binary frames, a client's CONNECT_ERROR, junk
            return 0
        if self.packet_type == packet.EVENT and not self._readable_event():
            self._malformed(keep_id=True)
        return attachments

    def _readable_event(self):
        data = self.data
        return (type(data) is list and len(data) >= 1 and type(data[0]) is str
                and 0 < len(data[0]) <= MAX_EVENT_NAME and data[0] not in RESERVED)

    def _malformed(self, keep_id):
        self.packet_type, self.data = packet.EVENT, [MALFORMED]
        self.attachment_count, self.attachments = 0, []
        if not keep_id:
            self.id = None
        if type(getattr(self, "namespace", None)) is not str:
            self.namespace = None


# --- the schema of every event a client may send (and of the auth sent with connect) ---

def _schemas():
    channel, message = Id(required=True), Id(required=True)
    seq = Int(default=0)
    return {
        "connect": Schema(csrf_token=Text(200, nullable=True)),
        "join": Schema(channel_id=channel, last_seq=seq),
        "leave": Schema(channel_id=channel),
        # The body's own rules (length after trimming, what it may hold) are the posting service's; the
        # schema bounds its size and refuses what no text may hold.
        "send": Schema(channel_id=channel,
                       client_id=Text(64, required=True,
                                      message=_l("The message has no valid id; reload the page.")),
                       body=Text(2 * MAX_BODY, required=True, message=_l("A message is text."),
                                 too_long=_l("A message can be at most %(n)d characters.", n=MAX_BODY),
                                 unshowable=_l("The message contains characters that cannot be shown."))),
        "fetch": Schema(channel_id=channel, after_seq=seq, from_seq=Int(), to_seq=Int(),
                        together=[("from_seq", "to_seq")]),
        "read": Schema(channel_id=channel, seq=seq),
        "latest": Schema(channel_id=channel),
        "typing": Schema(channel_id=channel),
        "react": Schema(message_id=message, kind=Choice(REACTIONS, required=True, message=_l("Unknown reaction."))),
        "report": Schema(message_id=message,
                         reason=Text(REPORT_REASON, nullable=True, default="",
                                     too_long=_l("A reason can be at most %(n)d characters.", n=REPORT_REASON))),
        "hide": Schema(message_id=message,
                       reason=Text(HIDE_REASON, required=True,
                                   message=_l("Tell the author why, in at most 300 characters."))),
        "moderate": Schema(channel_id=channel, paused=Bool(), required_one=("paused", "slow_mode_seconds"),
                           slow_mode_seconds=Int(0, 600, message=_l("Slow mode is between 0 and 600 seconds."))),
        "mute": Schema(message_id=message),
        "open_live": Schema(channel_id=channel, meeting_id=Id(nullable=True)),
        "close_live": Schema(channel_id=channel),
        "raise_hand": Schema(channel_id=channel),
        "lower_hand": Schema(channel_id=channel, user_id=Id(nullable=True)),
        "give_floor": Schema(channel_id=channel, user_id=Id(nullable=True)),
    }


REPORT_REASON, HIDE_REASON = 500, 300
SCHEMAS = _schemas()

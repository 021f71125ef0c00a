"""The notifications the groups domain sends: invitations, places, rule proposals, leaders and removals."""
from flask_babel import lazy_gettext as _l

from ..notifications.kinds import Kind, register

register(
    Kind("group_no_leader", "group", _l("%(group)s has no leader any more: its only leader deleted their account")),
    Kind("group_invited", "group", _l("You have been invited to %(group)s")),
    Kind("group_place_offered", "group", _l("A place is free for you in %(group)s: take it or let it pass")),
    Kind("rule_vote_waiting", "group", _l("A proposal is waiting for your vote in %(group)s")),
    Kind("rules_changed", "group",
         _l("The rules of %(group)s have changed: read them and accept them to take part again")),
    Kind("made_leader", "group", _l("You are now a leader of %(group)s")),
    Kind("removed_from_group", "group",
         _l("A leader has removed you from %(group)s. The reason is on your groups page")),
)

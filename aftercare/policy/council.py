"""The network council: the main person decides everything; the council coordinator sees only the councils
she asked them to coordinate, and nothing of the private part; a professional sees only the statement she
asked for, and leaves before the private part; invitees come through their own link. Every function takes
the facts it decides on (the council, the statement, the line); a refusal is a 404."""
from .roles import has_council_coordinator_powers, has_professional_powers, is_participant, is_signed_in


def can_hold_council(user):
    """Participants hold councils of their own."""
    return is_participant(user)


def is_council_owner(user, council):
    """Her council, while she keeps her own tools (ended councils stay hers to read and delete)."""
    return (is_signed_in(user) and can_hold_council(user) and council is not None
            and council.owner_id == user.id)


def can_change_council(user, council):
    """She changes her council while it runs."""
    return is_council_owner(user, council) and council.ended_at is None


def can_be_chosen_as_council_coordinator(person):
    return person is not None and not getattr(person, "is_disabled", True) and has_council_coordinator_powers(person)


def can_see_council_as_coordinator(user, council):
    """The coordinator she asked (or who accepted), while the council runs and outside its private part."""
    return (is_signed_in(user) and has_council_coordinator_powers(user) and council is not None
            and council.coordinator_id == user.id and council.coordinator_state is not None
            and council.ended_at is None and not council.is_private)


def can_see_council_details(user, council):
    """Questions, invitees and their contact details, logistics: only once both accepted the agreement."""
    return can_see_council_as_coordinator(user, council) and council.agreed


def can_see_statement(user, statement):
    """The professional she asked: their statement and the agreement, before the private part; in a network
    meeting throughout; after the plan is finished only the lines she lets them have (can_see_lines_as_professional)."""
    if not (is_signed_in(user) and has_professional_powers(user) and statement is not None
            and statement.professional_id == user.id):
        return False
    council = statement.council
    if council.ended_at is not None:
        return False
    return council.kind == "network_meeting" or council.phase in ("preparing", "information")


def can_see_lines_as_professional(user, statement):
    """After the plan is finished, the lines assigned to the professional, only if she said so."""
    if not (is_signed_in(user) and has_professional_powers(user) and statement is not None
            and statement.professional_id == user.id):
        return False
    council = statement.council
    return (council.ended_at is None and council.phase == "following_up" and statement.share_lines
            and statement.state == "approved")


def can_open_invitation(invitee):
    """An invitee's link or browser reaches the council while it runs."""
    return invitee is not None and invitee.council.ended_at is None


def can_mark_council_line(user, line, invitee=None):
    """A line's owner marks it once the plan is finished: she for her own lines, an invitee for theirs
    (through their link), a professional for theirs (if she shares them)."""
    council = line.council
    if council.ended_at is not None or council.phase != "following_up":
        return False
    if invitee is not None:
        return line.owner_kind == "invitee" and line.invitee_id == invitee.id
    if line.owner_kind == "self":
        return is_council_owner(user, council)
    if line.owner_kind == "professional":
        return (is_signed_in(user) and has_professional_powers(user) and line.professional_id == user.id
                and any(s.professional_id == user.id and s.share_lines and s.state == "approved"
                        for s in council.statements))
    return False

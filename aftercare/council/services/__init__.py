"""The council's services; views call these, which enforce the policies and commit once per action."""
from .access import coordinated_by, coordinator_opens, professional_opens  # noqa: F401
from .common import council_of, councils_of, require_coordinator, require_owner, require_statement  # noqa: F401
from .followup import delete_council, end_council, mark_line, my_lines, send_council_reminders  # noqa: F401
from .invitees import (LinkRefused, add_invitee, answer, invitable_entries, invitee_by_access,  # noqa: F401
                       invitee_by_link, make_link, open_link, remove_invitee, update_checklist, update_invitee)
from .meeting import (add_line, call_back, check, finish, plan_data, remove_line, sign, sign_through_link,  # noqa: F401
                      signed, start_follow_up, start_meeting, start_private, update_line)
from .preparation import (answer_request, available_coordinators, choose_coordinator,  # noqa: F401
                          coordinator_withdraws, owner_agrees, question_hints, save_practicalities,
                          save_questions, set_kind, start_council, withdraw_coordinator)
from .statements import ask, decide, professional_agrees, share_lines, statements_for, write  # noqa: F401

"""How the "my data" page shows the export to a person: plain names for the fields in their language,
dates in their time zone, yes and no. The JSON download keeps the raw field names and values, and also
the internal reference numbers the page leaves out."""
import re
from datetime import date, datetime

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

SECTION_TITLES = {
    "account": _l("Account"), "groups": _l("Groups"), "chat": _l("Chat"), "time_givers": _l("Time-givers"),
    "referral": _l("Referral"), "audit_log": _l("Who saw what"),
    "meetings": _l("Meetings"), "notifications": _l("Notifications"),
}

FIELD_LABELS = {
    # account
    "username": _l("User name"), "display_name": _l("Name shown to others"), "real_name": _l("Full name"),
    "phone": _l("Phone"), "locale": _l("Language"), "is_disabled": _l("Account disabled"),
    "professional_verified_at": _l("Verified as a professional"), "password_changed_at": _l("Password changed"),
    "totp_enabled_at": _l("Two-factor sign-in on since"), "roles": _l("Roles"),
    "email": _l("E-mail address"), "email_verified_at": _l("E-mail address confirmed"),
    "email_locale": _l("Language of e-mail"), "email_digest": _l("Daily e-mail digest"),
    "login_sessions": _l("Logins (devices)"), "last_seen_at": _l("Last seen"), "device": _l("Device"),
    # common
    "created_at": _l("Created"), "updated_at": _l("Updated"), "ended_at": _l("Ended"), "status": _l("Status"),
    "state": _l("State"), "state_changed_at": _l("State changed"), "kind": _l("Kind"), "reason": _l("Reason"),
    "note": _l("Note"), "text": _l("Text"), "decided_at": _l("Decided"),
    # groups
    "memberships": _l("Memberships"), "group_name": _l("Group"), "role": _l("Role"), "joined_at": _l("Joined"),
    "removal_reason": _l("Reason for removal"), "accepted_rules_version": _l("Rules accepted (version)"),
    "share_phone": _l("Phone shared with the group"), "votes": _l("Votes"), "choice": _l("Choice"),
    "cast_at": _l("Voted"), "waiting_list": _l("Waiting list"), "offered_at": _l("Place offered"),
    "offer_expires_at": _l("Offer open until"),
    # chat
    "messages": _l("Messages"), "body": _l("Message"), "hidden_at": _l("Hidden by a leader"),
    "hidden_reason": _l("Why it was hidden"), "reactions": _l("Reactions"), "reports": _l("Reports"),
    "resolved_at": _l("Resolved"),
    # time-givers
    "time_giver_application": _l("Your application as a time-giver"), "requests": _l("Requests for a time-giver"),
    "matches": _l("Pairings"), "activities": _l("Activities"), "area": _l("Area"), "district": _l("District"),
    "availability": _l("When you are free"), "interests": _l("Interests"), "languages": _l("Languages"),
    "wishes": _l("Wishes"), "preferred_gender": _l("Preferred gender"), "gender": _l("Gender"),
    "avoid_names": _l("People you do not want to be paired with"), "avoid_note": _l("Note about whom to avoid"),
    "shared_with_coordinator": _l("Shared with the coordinator"),
    "shared_with_time_giver": _l("Shared with the time-giver"), "applied_at": _l("Applied"),
    "motivation": _l("Motivation"), "boundaries": _l("Boundaries"), "capacity": _l("How many you can take"),
    "places_taken": _l("Places taken"), "certificate_seen_on": _l("Police certificate seen"),
    "certificate_expires_on": _l("Police certificate valid until"), "declaration_signed_at": _l("Declaration signed"),
    "declaration_version": _l("Declaration (version)"), "decline_reason": _l("Reason for declining"),
    "interview_on": _l("Interview"), "training_on": _l("Training"), "started_at": _l("Started"),
    "check_in_due_on": _l("Next check-in"), "participant_checked_in_for": _l("Participant's last check-in"),
    "time_giver_checked_in_for": _l("Time-giver's last check-in"), "farewell_you_wrote": _l("Your farewell"),
    "farewell_to_you": _l("Farewell written to you"),
    "meetups": _l("Meet-ups"), "met_on": _l("Met on"), "activity": _l("Activity"),
    "your_private_note": _l("Your private note"),
    "avoid_own_neighbourhood": _l("Not a time-giver from my own neighbourhood"),
    "quiet_since": _l("No meet-up logged since"), "quiet_nudged_on": _l("Time-giver reminded on"),
    # referral
    "redeemed": _l("Your referral"), "wants": _l("What you wanted help with"),
    "let_referrer_know": _l("The referrer may know you started"),
    # who saw what
    "action": _l("What happened"), "occurred_at": _l("When"), "about_you": _l("About you"), "by_you": _l("Done by you"),
    "by": _l("Done by"),
    # meetings and notifications
    "agenda_topics_proposed": _l("Agenda topics you proposed"), "agenda_votes": _l("Agenda votes"),
    "attendance_and_notices_of_absence": _l("Attendance and notices of absence"),
    "feedback_given_for_meetings": _l("Meetings you gave feedback on"),
    "log_removal_requests": _l("Requests to remove something from a log"), "rsvp": _l("Coming?"),
    "notice_at": _l("Notice given"), "notice_late": _l("Notice given late"), "notice_reason": _l("Reason"),
    "recorded": _l("Recorded"), "passage": _l("Passage"), "read_at": _l("Read"), "params": _l("Details"),
    "group": _l("Group"), "when": _l("When"), "tz": _l("Time zone"), "position": _l("Place on the agenda"),
}

def register_labels(section_titles, field_labels):
    """A domain names its own export section and fields for the page; names given above are kept."""
    for name, title in section_titles.items():
        SECTION_TITLES.setdefault(name, title)
    for key, field_label in field_labels.items():
        FIELD_LABELS.setdefault(key, field_label)


# Internal reference numbers and addresses: in the download, not on the page.
_INTERNAL = {"id", "seq", "client_id", "link"}
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def shown(key):
    """Whether the page shows this field."""
    return key not in _INTERNAL and not key.endswith("_id")


def label(key):
    found = FIELD_LABELS.get(key)
    return str(found) if found is not None else key.replace("_", " ").capitalize()


def section_title(name):
    found = SECTION_TITLES.get(name)
    return str(found) if found is not None else label(name)


def readable(value):
    """A plain value as the page shows it: yes or no, a date in the person's language and time zone."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, str):
        try:
            if _DATETIME.match(value):
                return format_datetime(datetime.fromisoformat(value), "medium")
            if _DATE.match(value):
                return format_date(date.fromisoformat(value), "medium")
        except ValueError:
            return value
    return value

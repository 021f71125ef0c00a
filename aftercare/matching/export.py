"""The time-givers' section of a person's data export: her application, requests and matches, with only her
own side of each check-in and private note."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ..extensions import db
from ..exports import register_section, row, rows
from ..mydata.labels import register_labels
from .models import Match, MeetUp, TimeGiver, TimeGiverRequest


def matching(user):
    time_giver = db.session.scalar(select(TimeGiver).where(TimeGiver.user_id == user.id))
    condition = Match.participant_id == user.id
    if time_giver is not None:
        condition = or_(condition, Match.time_giver_id == time_giver.id)
    matches = []
    for match in db.session.scalars(select(Match).where(condition).order_by(Match.started_at)):
        # Each side's check-in answer is private to that side: only the person's own goes in.
        mine = "participant" if match.participant_id == user.id else "time_giver"
        other = "time_giver" if mine == "participant" else "participant"
        item = row(match, skip=("farewell", f"{other}_checked_in_for"))
        if match.ended_by_id == user.id:
            item["farewell_you_wrote"] = match.farewell
        elif match.ended_at is not None and match.farewell:
            item["farewell_to_you"] = match.farewell
        meetups = []
        for meetup in db.session.scalars(select(MeetUp).where(MeetUp.match_id == match.id)):
            entry = row(meetup, skip=("private_note",))
            if meetup.written_by_id == user.id:
                entry["your_private_note"] = meetup.private_note
            meetups.append(entry)
        item["meetups"] = meetups
        matches.append(item)
    return {"time_giver_application": row(time_giver) if time_giver else None,
            "requests": rows(select(TimeGiverRequest).where(TimeGiverRequest.participant_id == user.id)),
            "matches": matches}


register_section("time_givers", matching)
register_labels({}, {"contact_for_coordinators": _l("How coordinators may contact you")})

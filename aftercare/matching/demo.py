"""Demo time-giver data: an active, vetted time-giver and a waiting request, so matching can be tried at once."""
from datetime import timedelta

from .services import applications, requests as asks
from ..timeutil import local_today


def load(users):
    """`users` maps demo user names to accounts; the demo coordinator vets the demo time-giver."""
    coordinator, volunteer, participant = users["coordinator"], users["timegiver"], users["participant"]
    application = applications.apply(
        volunteer, declaration_signed=True, motivation="I have been there myself and would like to give time back.",
        interests="music, nature", activities=["walks", "coffee", "fishing"], other_activities="",
        languages=["nb", "en"], area="Oslo", district="Sagene", availability=["1-evening", "3-afternoon", "5-morning"],
        capacity=2, gender="man", boundaries="I don't drive.",
        contact_for_coordinators="timegiver@example.org, or ask for a call on weekdays after four")
    today = local_today()
    applications.record_vetting(coordinator, application, interview_on=today - timedelta(days=14),
                                training_on=today - timedelta(days=7), certificate_seen_on=today - timedelta(days=14),
                                certificate_expires_on=today + timedelta(days=3 * 365))
    applications.approve(coordinator, application)
    applications.change_state(volunteer, application, "activate")
    asks.create_request(
        participant, wishes="Get out of the house, maybe go for walks or fishing.", activities=["walks", "fishing"],
        other_activities="", interests="nature", languages=["nb"], area="Oslo", district="Sagene",
        availability=["1-evening", "5-morning"], preferred_gender="", avoid_names="", avoid_note="",
        shared_with_coordinator=["wishes", "activities", "area", "availability"],
        shared_with_time_giver=["wishes", "activities", "interests"])

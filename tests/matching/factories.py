"""Time-giver test data: vetted time-givers, requests, proposals and matches built through the services."""
from datetime import timedelta

from aftercare.extensions import db
from aftercare.matching.models import TimeGiver, TimeGiverState
from aftercare.matching.services import applications, proposals, requests as asks
from aftercare.timeutil import local_today

PROFILE = {
    "motivation": "I have time and like people.",
    "interests": "music, nature",
    "activities": ["walks", "coffee"],
    "other_activities": "",
    "languages": ["nb"],
    "area": "Oslo",
    "district": "Sagene",
    "availability": ["1-evening", "5-morning"],
    "capacity": 1,
    "gender": "",
    "boundaries": "I don't drive.",
    "contact_for_coordinators": "Call 987 65 432 after four",
}

REQUEST = {
    "wishes": "Go for walks and maybe the cinema.",
    "activities": ["walks"],
    "other_activities": "",
    "interests": "music",
    "languages": [],
    "area": "Oslo",
    "district": "Sagene",
    "availability": ["1-evening"],
    "preferred_gender": "",
    "avoid_names": "",
    "avoid_note": "",
    "shared_with_coordinator": ["activities", "area", "availability"],
    "shared_with_time_giver": ["wishes", "activities"],
}


class MatchingFactories:
    def __init__(self, factories):
        self.factories = factories
        self._coordinator = None

    @property
    def coordinator(self):
        if self._coordinator is None:
            self._coordinator = self.factories.user(["coordinator"], display_name="Kari")
        return self._coordinator

    def application(self, user=None, **overrides):
        """An application in state 'applied' by `user` (a new participant account by default)."""
        user = user or self.factories.user(["participant"])
        fields = dict(PROFILE, **overrides)
        return applications.apply(user, declaration_signed=True, **fields)

    def time_giver(self, user=None, *, state=TimeGiverState.ACTIVE, certificate_days=700, **overrides):
        """A vetted time-giver in `state` ('approved', 'active', 'paused' or 'retired')."""
        user = user or self.factories.user(["participant"])
        application = self.application(user, **overrides)
        today = local_today()
        applications.record_vetting(self.coordinator, application, interview_on=today, training_on=today,
                                    certificate_seen_on=today, certificate_expires_on=today + timedelta(days=700))
        applications.approve(self.coordinator, application)
        if state in (TimeGiverState.ACTIVE, TimeGiverState.PAUSED):
            applications.change_state(user, application, "activate")
        if state == TimeGiverState.PAUSED:
            applications.change_state(user, application, "pause")
        if state == TimeGiverState.RETIRED:
            applications.change_state(user, application, "retire")
        if certificate_days != 700:
            application.certificate_expires_on = today + timedelta(days=certificate_days)
            db.session.commit()
        return db.session.get(TimeGiver, application.id)

    def request(self, participant=None, **overrides):
        participant = participant or self.factories.user(["participant"])
        return asks.create_request(participant, **dict(REQUEST, **overrides))

    def proposal(self, time_giver_request=None, time_giver=None, *, accepted_by_participant=False):
        time_giver_request = time_giver_request or self.request()
        time_giver = time_giver or self.time_giver()
        proposal = proposals.propose(self.coordinator, time_giver_request, time_giver)
        if accepted_by_participant:
            proposals.respond(time_giver_request.participant, proposal, True)
        return proposal

    def match(self, time_giver_request=None, time_giver=None):
        proposal = self.proposal(time_giver_request, time_giver, accepted_by_participant=True)
        return proposals.respond(proposal.time_giver.user, proposal, True)

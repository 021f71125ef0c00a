"""Building a council through its pages, step by step, for the council's tests: each step is what a person
does on their phone (a form sent), so the tests that start from a later phase walk the same road."""
import re
from datetime import timedelta

from aftercare.council.models import Council
from aftercare.extensions import db
from aftercare.network import services as network
from aftercare.timeutil import local_today


class CouncilWorld:
    """The main person, her council coordinator, a professional, one invitee from her map (Kari) and one by
    name (Ola), each with their own browser."""

    def __init__(self, app, factories, login, kind="council"):
        self.app = app
        self.owner = factories.user(["participant"], display_name="Mari")
        self.coordinator = factories.user(["council_coordinator"], display_name="Siri", organisation="Nettverksråd Vest")
        self.professional = factories.user(["professional"], display_name="Dr. Berg", username="berg")
        self.kari_entry = network.add_entry(self.owner, {"name": "Kari", "circle": "close", "council_invitee": True})
        self.owner_client, self.coordinator_client = app.test_client(), app.test_client()
        self.professional_client, self.kari_client = app.test_client(), app.test_client()
        login(self.owner_client, self.owner)
        login(self.coordinator_client, self.coordinator)
        login(self.professional_client, self.professional)
        self.kind = kind
        self.council_id = None

    @property
    def council(self):
        db.session.expire_all()
        return db.session.get(Council, self.council_id)

    def url(self, suffix=""):
        return f"/council/{self.council_id}{suffix}"

    def post(self, client, url, **data):
        response = client.post(url, data=data)
        assert response.status_code in (200, 302), (url, response.status_code)
        return response

    def questions(self):
        response = self.owner_client.post("/council/new")
        self.council_id = int(re.search(r"/council/(\d+)/questions", response.location).group(1))
        self.post(self.owner_client, self.url("/kind"), kind=self.kind)
        self.post(self.owner_client, self.url("/questions"), question_1="How can I keep my home?",
                  question_2="How can I get friends who don't use drugs?", question_3="")

    def coordinator_agrees(self):
        self.post(self.owner_client, self.url("/coordinator"), coordinator=self.coordinator.id)
        self.post(self.coordinator_client, f"/council/coordinate/{self.council_id}", action="accept")
        self.post(self.owner_client, self.url("/coordinator"), action="agree")

    def invite(self):
        self.post(self.owner_client, self.url("/invitees"), entry_id=self.kari_entry.id, name="")
        self.post(self.owner_client, self.url("/invitees"), entry_id="", name="Ola")
        kari, ola = self.council.invitees
        self.kari_id, self.ola_id = kari.id, ola.id
        self.post(self.owner_client, self.url(f"/invitees/{kari.id}"), action="save", **{
            f"i{kari.id}-contact": "KARI-PHONE 900 00 000", f"i{kari.id}-role": "chair"})
        self.post(self.owner_client, self.url("/practical"), meeting_on=(local_today() + timedelta(days=30)).isoformat(),
                  meeting_time="17:00", place="Mari's kitchen", food="Soup", interpreter="", childcare="Grandma",
                  invitation_words="INVITE-WORDS I would like you there.", opening_words="OPENING-WORDS Thank you.")
        response = self.post(self.coordinator_client, f"/council/coordinate/{self.council_id}/invitees/{kari.id}",
                             action="link")
        self.kari_link = re.search(r'value="(http[^"]+/council/i/[^"]+)"', response.get_data(as_text=True)).group(1)
        self.kari_path = self.kari_link.split("localhost", 1)[-1]
        self.post(self.kari_client, self.kari_path)
        self.post(self.kari_client, "/council/invited", action="answer", answer="yes")

    def statement(self):
        questions = self.council.questions
        self.post(self.owner_client, self.url("/statements"), username="berg", questions=[str(questions[0].id)])
        self.statement_id = self.council.statements[0].id
        self.post(self.professional_client, f"/council/statements/{self.statement_id}", action="agree")
        self.post(self.professional_client, f"/council/statements/{self.statement_id}",
                  text="STATEMENT-TEXT Mari has kept every appointment.")
        self.post(self.owner_client, self.url(f"/statements/{self.statement_id}"), action="approve", note="")

    def private_part(self):
        self.post(self.owner_client, self.url("/meeting"), action="start")
        self.post(self.owner_client, self.url("/meeting"), action="private")

    def plan(self):
        questions = self.council.questions
        self.post(self.owner_client, self.url("/lines"), **{
            "new-question_id": questions[0].id, "new-what": "LINE-ONE Help with the rent form",
            "new-owner": f"invitee:{self.kari_id}", "new-due_on": (local_today() + timedelta(days=7)).isoformat()})
        self.post(self.owner_client, self.url("/lines"), **{
            "new-question_id": questions[1].id, "new-what": "LINE-TWO Go to the Sunday walk",
            "new-owner": "self", "new-due_on": ""})

    def decision(self):
        self.post(self.owner_client, self.url("/meeting"), action="call_back")
        self.post(self.coordinator_client, f"/council/coordinate/{self.council_id}", action="check")
        self.post(self.owner_client, self.url("/meeting"), action="sign")
        self.post(self.kari_client, "/council/invited", action="sign")

    def finish(self):
        self.post(self.owner_client, self.url("/meeting"), action="finish",
                  follow_up_on=(local_today() + timedelta(days=60)).isoformat())

    def run_to(self, step):
        for name in ("questions", "coordinator_agrees", "invite", "statement", "private_part", "plan", "decision",
                     "finish"):
            getattr(self, name)()
            if name == step:
                return self
        return self

"""Time-giver pages: who may open what (a matrix over every page and action), what each person sees,
form errors, and both languages."""
import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from aftercare.extensions import db
from aftercare.matching.models import Match, Proposal, RequestState, TimeGiver, TimeGiverRequest, TimeGiverState
from aftercare.matching.services import requests as asks
from aftercare.timeutil import local_today

from ..mydata.reading import every_part
from .factories import PROFILE, REQUEST

ACTORS = ["requesting_participant", "other_participant", "the_time_giver", "other_time_giver", "coordinator",
          "professional", "admin", "anonymous"]


class World:
    """Every kind of person, and the requested scenario between the participant and the time-giver."""

    def __init__(self, make_user, mf, scenario):
        self.people = {
            "requesting_participant": make_user(["participant"], display_name="Lise"),
            "other_participant": make_user(["participant"], display_name="Mona"),
            "the_time_giver": make_user(["time_giver"], display_name="Ola"),
            "other_time_giver": make_user(["time_giver"], display_name="Per"),
            "coordinator": mf.coordinator,
            "professional": make_user(["professional"]),
            "admin": make_user(["admin"]),
        }
        self.time_giver = mf.time_giver(self.people["the_time_giver"])
        self.other_time_giver = mf.time_giver(self.people["other_time_giver"], area="Bergen")
        self.request = self.proposal = self.match = None
        if scenario != "none":
            self.request = mf.request(self.people["requesting_participant"])
        if scenario in ("proposal_p", "proposal_t"):
            self.proposal = mf.proposal(self.request, self.time_giver,
                                        accepted_by_participant=scenario == "proposal_t")
        if scenario == "match":
            self.match = mf.match(self.request, self.time_giver)

    def ids(self):
        return {"request": self.request.id if self.request else 0, "proposal": self.proposal.id if self.proposal else 0,
                "match": self.match.id if self.match else 0, "time_giver": self.time_giver.id}


def everyone(code, anonymous=302, **codes):
    expected = {actor: code for actor in ACTORS}
    expected["anonymous"] = anonymous
    expected.update(codes)
    return expected


PAIR_ONLY = dict(requesting_participant=200, the_time_giver=200)
COORDINATOR_ONLY = everyone(403, coordinator=200)
COORDINATOR_ACTS = everyone(403, coordinator=302)
MEETUP = {"met_on": "", "activity": "Coffee"}

CASES = [
    ("none", "GET", "/time-givers/volunteer", {}, everyone(200)),
    ("none", "GET", "/time-givers/matches", {}, everyone(200)),
    ("none", "GET", "/time-givers/my-request", {}, everyone(200)),
    ("none", "GET", "/time-givers/apply", {}, everyone(200, the_time_giver=302, other_time_giver=302, coordinator=403,
                                                        professional=403)),
    ("none", "GET", "/time-givers/ask", {}, everyone(403, requesting_participant=200, other_participant=200)),
    ("waiting", "GET", "/time-givers/ask", {}, everyone(403, requesting_participant=302, other_participant=200)),
    ("waiting", "POST", "/time-givers/my-request/withdraw", {}, everyone(404, requesting_participant=302)),
    ("none", "POST", "/time-givers/volunteer/state", {"action": "pause"},
     everyone(404, the_time_giver=302, other_time_giver=302)),
    ("proposal_p", "GET", "/time-givers/proposals/{proposal}", {}, everyone(404, requesting_participant=200)),
    ("proposal_p", "POST", "/time-givers/proposals/{proposal}/answer", {"answer": "yes"},
     everyone(404, requesting_participant=302)),
    ("proposal_t", "GET", "/time-givers/proposals/{proposal}", {}, everyone(404, the_time_giver=200)),
    ("proposal_t", "POST", "/time-givers/proposals/{proposal}/answer", {"answer": "no"},
     everyone(404, the_time_giver=302)),
    ("match", "GET", "/time-givers/matches/{match}", {}, everyone(404, **PAIR_ONLY)),
    ("match", "POST", "/time-givers/matches/{match}", MEETUP, everyone(404, **PAIR_ONLY)),
    ("match", "GET", "/time-givers/matches/{match}/end", {}, everyone(404, **PAIR_ONLY)),
    ("match", "POST", "/time-givers/matches/{match}/end", {"farewell": ""},
     everyone(404, requesting_participant=302, the_time_giver=302)),
    ("match", "POST", "/time-givers/matches/{match}/check-in", {},
     everyone(404, requesting_participant=302, the_time_giver=302)),
    ("none", "GET", "/time-givers/coordinate", {}, COORDINATOR_ONLY),
    ("waiting", "GET", "/time-givers/coordinate/requests", {}, COORDINATOR_ONLY),
    ("waiting", "GET", "/time-givers/coordinate/requests/{request}", {}, COORDINATOR_ONLY),
    ("waiting", "GET", "/time-givers/coordinate/batch", {}, COORDINATOR_ONLY),
    ("match", "GET", "/time-givers/coordinate/matches", {}, COORDINATOR_ONLY),
    ("none", "GET", "/time-givers/coordinate/volunteers/{time_giver}", {}, COORDINATOR_ONLY),
    ("none", "POST", "/time-givers/coordinate/volunteers/{time_giver}", {"interview_on": "2020-01-01"},
     COORDINATOR_ACTS),
    ("none", "POST", "/time-givers/coordinate/volunteers/{time_giver}/state", {"action": "pause"}, COORDINATOR_ACTS),
    ("waiting", "POST", "/time-givers/coordinate/requests/{request}/propose", {"time_giver_id": "{time_giver}"},
     COORDINATOR_ACTS),
    ("proposal_p", "POST", "/time-givers/coordinate/proposals/{proposal}/withdraw", {}, COORDINATOR_ACTS),
    ("waiting", "POST", "/time-givers/coordinate/batch", {"pair": "{request}:{time_giver}"}, COORDINATOR_ACTS),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("scenario,method,path,data,expected", CASES,
                         ids=[f"{c[1]} {c[2]} ({c[0]})" for c in CASES])
def test_access_matrix(app, make_user, mf, login, actor, scenario, method, path, data, expected):
    world = World(make_user, mf, scenario)
    client = app.test_client()
    if actor != "anonymous":
        login(client, world.people[actor])
    ids = world.ids()
    url = path.format(**ids)
    form = {key: value.format(**ids) for key, value in data.items()}
    response = client.open(url, method=method, data=form)
    assert response.status_code == expected[actor], (actor, url)
    if actor == "anonymous":
        assert "/login" in response.headers["Location"]


# --- what each person sees ---

def page(client, url, language="en"):
    response = client.get(url, headers={"Accept-Language": language})
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def signed_in(app, login, user):
    client = app.test_client()
    login(client, user)
    return client


def test_coordinator_sees_only_what_the_participant_shared(app, login, make_user, mf):
    participant = make_user(display_name="Lise")
    made = mf.request(participant, wishes="A SECRET WISH", interests="secret interest", avoid_note="my old neighbour",
                      shared_with_coordinator=["activities", "availability"])
    mf.time_giver(interests="secret interest, music", district="Sagene")
    html = page(signed_in(app, login, mf.coordinator), f"/time-givers/coordinate/requests/{made.id}")
    for hidden in ("A SECRET WISH", "secret interest", "my old neighbour", "Sagene"):
        assert hidden not in html
    assert "1 shared activity: Walks" in html and "both free Tuesday evening" in html
    assert "more in common that the participant chose not to share" in html
    # Named for the coordinator, not in the words the form speaks to her with.
    assert "Not shared with you: What they would like to do, Interests, Area" in html


def test_reasons_and_pages_in_norwegian(app, login, mf):
    made = mf.request(shared_with_coordinator=["activities", "area", "availability"])
    mf.time_giver()
    html = page(signed_in(app, login, mf.coordinator), f"/time-givers/coordinate/requests/{made.id}", "nb")
    assert '<html lang="nb">' in html
    assert "1 felles aktivitet: Gåturer" in html and "begge har tid tirsdag kveld" in html
    assert "samme bydel (Sagene)" in html and "Foreslåtte tidsgivere" in html


def test_the_availability_grid_in_both_languages(app, login, make_user):
    client = signed_in(app, login, make_user())
    english = page(client, "/time-givers/apply")
    assert english.count('type="checkbox" name="availability"') == 21
    assert "Afternoon" in english and "Wednesday" in english and "Wednesday afternoon" in english
    norwegian = page(client, "/time-givers/ask", "nb")
    assert "Ettermiddag" in norwegian and "onsdag ettermiddag" in norwegian
    assert "Be om en tidsgiver" in norwegian and "Hvem som kan se hva" in norwegian


def test_participant_sees_a_short_profile_without_contact_details(app, login, make_user, mf):
    volunteer = make_user(["participant"], display_name="Ola", real_name="Ola Nordmann", phone="+47 912 34 567")
    proposal = mf.proposal(time_giver=mf.time_giver(volunteer, boundaries="No phone calls after nine"))
    html = page(signed_in(app, login, proposal.request.participant), f"/time-givers/proposals/{proposal.id}")
    assert "Ola" in html and "Walks" in html and "Tuesday: evening" in html
    for private in ("Nordmann", "912 34", "No phone calls", "I have time and like people", "Sagene"):
        assert private not in html


def test_time_giver_sees_only_what_the_participant_shared_with_them(app, login, mf):
    made = mf.request(wishes="Cinema now and then", avoid_note="not my cousin", interests="knitting",
                      shared_with_time_giver=["wishes"])
    proposal = mf.proposal(made, accepted_by_participant=True)
    html = page(signed_in(app, login, proposal.time_giver.user), f"/time-givers/proposals/{proposal.id}")
    assert "Cinema now and then" in html
    assert "not my cousin" not in html and "knitting" not in html and "Sagene" not in html


def test_both_say_yes_through_the_pages(app, login, mf):
    proposal = mf.proposal()
    participant, volunteer = proposal.request.participant, proposal.time_giver.user
    participant_client, volunteer_client = signed_in(app, login, participant), signed_in(app, login, volunteer)
    assert "A time-giver is suggested for you" in page(participant_client, "/time-givers/my-request")
    response = participant_client.post(f"/time-givers/proposals/{proposal.id}/answer", data={"answer": "yes"})
    # She lands on her request, which says the time-giver is asked now (not on an empty list of pairings).
    assert response.headers["Location"] == "/time-givers/my-request"
    assert "When you have said yes, they are asked too" in page(participant_client, "/time-givers/my-request")
    assert "A participant would like to meet you" in page(volunteer_client, "/time-givers/matches")
    response = volunteer_client.post(f"/time-givers/proposals/{proposal.id}/answer", data={"answer": "yes"})
    match = db.session.scalar(select(Match))
    assert response.headers["Location"] == f"/time-givers/matches/{match.id}"
    html = page(participant_client, f"/time-givers/matches/{match.id}")
    assert "You and %s" % volunteer.display_name in html and "Open your private chat" in html


def test_a_decline_reaches_the_coordinator_only_as_declined(app, login, mf):
    proposal = mf.proposal(accepted_by_participant=True)
    volunteer_client = signed_in(app, login, proposal.time_giver.user)
    response = volunteer_client.post(f"/time-givers/proposals/{proposal.id}/answer", data={"answer": "no"})
    assert response.status_code == 302
    html = page(signed_in(app, login, mf.coordinator), f"/time-givers/coordinate/requests/{proposal.request_id}")
    assert "Declined" in html and "Waiting for a suggestion" in html
    assert "time-giver declined" not in html.lower() and "participant declined" not in html.lower()


def test_private_notes_and_farewells_reach_only_the_right_person(app, login, mf):
    match = mf.match()
    participant_client = signed_in(app, login, match.participant)
    volunteer_client = signed_in(app, login, match.time_giver.user)
    participant_client.post(f"/time-givers/matches/{match.id}",
                            data={"met_on": local_today().isoformat(), "activity": "Fishing by the lake",
                                  "private_note": "I felt calm today"})
    own = page(participant_client, f"/time-givers/matches/{match.id}")
    other = page(volunteer_client, f"/time-givers/matches/{match.id}")
    assert "Fishing by the lake" in own and "Fishing by the lake" in other
    assert "I felt calm today" in own and "I felt calm today" not in other
    participant_client.post(f"/time-givers/matches/{match.id}/end", data={"farewell": "Thank you for everything"})
    ended_for_volunteer = page(volunteer_client, f"/time-givers/matches/{match.id}")
    assert "has ended the pairing" in ended_for_volunteer and "Thank you for everything" in ended_for_volunteer
    assert "Thank you for everything" not in page(participant_client, f"/time-givers/matches/{match.id}")
    coordinator_view = page(signed_in(app, login, mf.coordinator), "/time-givers/coordinate/matches")
    assert "ended" in coordinator_view
    for private in ("Thank you for everything", "I felt calm today", "Fishing by the lake"):
        assert private not in coordinator_view


def test_bad_availability_and_languages_show_clear_errors_and_store_nothing(app, login, make_user):
    client = signed_in(app, login, make_user())
    form = dict(PROFILE, declaration="y", availability=["1-evening", "8-morning"])
    html = client.post("/time-givers/apply", data=form).get_data(as_text=True)
    assert "The weekly times could not be read" in html
    form["availability"], form["languages"] = ["1-evening"], ["nb", "tlh"]
    html = client.post("/time-givers/apply", data=form).get_data(as_text=True)
    assert "Unknown language “tlh”" in html
    assert db.session.scalar(select(func.count()).select_from(TimeGiver)) == 0


def test_asking_twice_and_asking_while_matched_are_refused_clearly(app, login, make_user, mf):
    participant = make_user()
    client = signed_in(app, login, participant)
    form = dict(REQUEST, shared_with_coordinator=["area"], shared_with_time_giver=["wishes"])
    assert client.post("/time-givers/ask", data=form).headers["Location"] == "/time-givers/my-request"
    assert asks.current_request(participant).state == RequestState.WAITING
    assert client.get("/time-givers/ask").headers["Location"] == "/time-givers/my-request"
    mf.match(asks.current_request(participant))
    client.post("/time-givers/ask", data=form)
    html = page(client, "/time-givers/my-request")
    assert "Paired" in html
    assert db.session.scalar(select(func.count()).select_from(TimeGiverRequest)) == 1


def test_the_last_place_taken_meanwhile_gives_a_clear_message(app, login, mf):
    time_giver = mf.time_giver(capacity=1)
    first, second = mf.request(), mf.request()
    client = signed_in(app, login, mf.coordinator)
    client.post(f"/time-givers/coordinate/requests/{first.id}/propose", data={"time_giver_id": time_giver.id})
    client.post(f"/time-givers/coordinate/requests/{second.id}/propose", data={"time_giver_id": time_giver.id})
    html = page(client, f"/time-givers/coordinate/requests/{second.id}")
    assert "has no free place any more" in html
    assert db.session.scalar(select(func.count()).select_from(Proposal)) == 1


def test_vetting_through_the_pages_makes_a_time_giver(app, login, make_user, mf):
    application = mf.application(make_user(display_name="Nina"))
    coordinator = signed_in(app, login, mf.coordinator)
    listing = page(coordinator, "/time-givers/coordinate")
    assert "Applications to vet" in listing and "Nina" in listing
    url = f"/time-givers/coordinate/volunteers/{application.id}"
    coordinator.post(url + "/approve")
    assert "Complete the checklist before approving" in page(coordinator, url)
    coordinator.post(url, data={"interview_on": "2026-01-05", "training_on": "2026-01-06",
                                "certificate_seen_on": "2026-01-07", "certificate_expires_on": "2099-01-01"})
    coordinator.post(url + "/approve")
    db.session.expire_all()
    assert db.session.get(TimeGiver, application.id).state == TimeGiverState.APPROVED
    volunteer = signed_in(app, login, application.user)
    assert "I am ready to be paired" in page(volunteer, "/time-givers/volunteer")
    volunteer.post("/time-givers/volunteer/state", data={"action": "activate"})
    db.session.expire_all()
    assert db.session.get(TimeGiver, application.id).state == TimeGiverState.ACTIVE


def test_declined_applicants_read_the_reason(app, login, mf):
    application = mf.application()
    coordinator = signed_in(app, login, mf.coordinator)
    coordinator.post(f"/time-givers/coordinate/volunteers/{application.id}/decline", data={"reason": ""})
    db.session.expire_all()
    assert db.session.get(TimeGiver, application.id).state == TimeGiverState.APPLIED
    coordinator.post(f"/time-givers/coordinate/volunteers/{application.id}/decline",
                     data={"reason": "We have no training until autumn."})
    html = page(signed_in(app, login, application.user), "/time-givers/volunteer", "nb")
    assert "We have no training until autumn." in html and "Søknaden din ble ikke godkjent" in html


def test_batch_page_proposes_the_ticked_pairs(app, login, mf):
    first_tg, second_tg = mf.time_giver(), mf.time_giver()
    first, second = mf.request(), mf.request()
    client = signed_in(app, login, mf.coordinator)
    html = page(client, "/time-givers/coordinate/batch")
    values = re.findall(r'name="pair" value="([0-9:]+)"', html)
    assert len(values) == 2
    response = client.post("/time-givers/coordinate/batch", data={"pair": values[:1]})
    assert response.headers["Location"] == "/time-givers/coordinate/requests"
    db.session.expire_all()
    states = sorted(db.session.get(TimeGiverRequest, r.id).state for r in (first, second))
    assert states == [RequestState.PROPOSED, RequestState.WAITING]
    assert {first_tg.id, second_tg.id} >= {p.time_giver_id for p in db.session.scalars(select(Proposal))}


def test_the_coordinator_is_shown_a_quiet_match_only_after_the_time_giver_was_reminded(app, login, mf):
    match = mf.match()
    match.started_at = match.started_at - timedelta(days=40)
    db.session.commit()
    coordinator = signed_in(app, login, mf.coordinator)
    html = page(coordinator, "/time-givers/coordinate/matches")
    assert 'data-testid="follow-up"' not in html  # 40 quiet days, but the time-giver has not been reminded yet
    assert "is first reminded privately" in html
    assert app.test_cli_runner().invoke(args=["purge-expired"]).output.count("Reminded the time-givers of 1 ") == 1
    assert 'data-testid="follow-up"' not in page(coordinator, "/time-givers/coordinate/matches")
    db.session.expire_all()
    found = db.session.get(Match, match.id)
    found.quiet_nudged_on -= timedelta(days=14)
    db.session.commit()
    html = page(coordinator, "/time-givers/coordinate/matches")
    assert 'data-testid="follow-up"' in html and "also after a reminder" in html
    assert "heller ikke etter en påminnelse" in page(coordinator, "/time-givers/coordinate/matches", "nb")


def test_both_of_the_pair_are_told_about_the_quiet_follow_up_and_a_page_view_changes_nothing(app, login, mf):
    from aftercare.notifications.models import Notification

    match = mf.match()
    match.started_at = match.started_at - timedelta(days=40)
    db.session.commit()
    before = db.session.scalar(select(func.count()).select_from(Notification))  # the steps of the match itself
    participant = signed_in(app, login, match.participant)
    volunteer = signed_in(app, login, match.time_giver.user)
    for client in (participant, volunteer):
        html = page(client, f"/time-givers/matches/{match.id}")
        assert "the time-giver gets a private reminder first" in html and "was reminded privately" not in html
        assert "får tidsgiveren en privat påminnelse først" in page(client, f"/time-givers/matches/{match.id}", "nb")
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Notification)) == before  # no writes on GET
    assert db.session.get(Match, match.id).quiet_nudged_on is None
    app.test_cli_runner().invoke(args=["purge-expired"])
    for client in (participant, volunteer):
        assert "The time-giver was reminded privately on" in page(client, f"/time-givers/matches/{match.id}")
    assert "No meet-up has been logged in one of your pairings for 30 days" in page(volunteer, "/notifications")


def test_a_participant_is_told_what_her_time_giver_may_tell_the_coordinator_before_she_says_yes(app, login, mf):
    proposal = mf.proposal()
    client = signed_in(app, login, proposal.request.participant)
    html = page(client, f"/time-givers/proposals/{proposal.id}")
    told = html.index('data-testid="before-you-say-yes"')
    assert told < html.index("Yes, I would like that")
    assert "If they are worried about you, they may talk about it with the coordinator" in html
    assert "to speak only with the coordinator if I am worried" in html  # the declaration they signed
    assert "no meet-up has been logged for 30 days" in html and "14 more days" in html
    nb = page(client, f"/time-givers/proposals/{proposal.id}", "nb")
    assert "Erklæringen tidsgiveren din har skrevet under på" in nb and "30 dager" in nb
    answered = mf.proposal(accepted_by_participant=True)
    volunteer_view = page(signed_in(app, login, answered.time_giver.user), f"/time-givers/proposals/{answered.id}")
    assert 'data-testid="before-you-say-yes"' not in volunteer_view


def test_after_a_match_ends_the_time_giver_no_longer_sees_what_the_participant_shared(app, login, make_user, mf):
    import json

    time_giver_request = mf.request(make_user(display_name="Lise"), wishes="A quiet walk by the sea",
                                    interests="birdwatching", availability=["2-morning"],
                                    shared_with_time_giver=["wishes", "interests", "availability", "activities"])
    match = mf.match(time_giver_request)
    volunteer = signed_in(app, login, match.time_giver.user)
    url = f"/time-givers/matches/{match.id}"
    shared = ("A quiet walk by the sea", "birdwatching", "Wednesday")
    html = page(volunteer, url)
    assert all(text in html for text in shared)
    participant = signed_in(app, login, match.participant)
    participant.post(url + "/end", data={"farewell": ""})
    for language in ("en", "nb"):
        ended = page(volunteer, url, language)
        assert not any(text in ended for text in shared), language
        assert not any(text in page(volunteer, "/time-givers/matches", language) for text in shared)
    assert "what Lise shared with you is no longer shown" in page(volunteer, url)
    assert "vises ikke lenger det Lise delte med deg" in page(volunteer, url, "nb")
    export = volunteer.get("/account/my-data.json").get_data(as_text=True)
    assert not any(text in export for text in shared[:2])
    assert not any(text in every_part(volunteer) for text in shared)
    assert json.loads(export)  # the export itself still works
    assert "I don't drive." not in page(participant, url)  # boundaries were never shown
    assert "Walks" in page(participant, url)  # she still sees her time-giver's short profile


@pytest.mark.parametrize("roles,shown,hidden", [
    (["participant"], ["Ask for a time-giver", ">My time-giver<", "Become a time-giver"],
     ["Vetting and pairing", "My participants"]),
    (["time_giver"], ["My participants", "My time-giver page"],
     ["Ask for a time-giver", "Vetting and pairing", ">My time-giver<"]),
    (["coordinator"], ["Vetting and pairing"], ["Ask for a time-giver", "Become a time-giver"]),
    (["professional"], [], ["Ask for a time-giver", "Become a time-giver", "Vetting and pairing", ">My time-giver<",
                            "My participants"]),
    (["admin"], ["Become a time-giver"], ["Ask for a time-giver", "Vetting and pairing"]),
])
def test_home_links_by_account_kind(app, login, make_user, roles, shown, hidden):
    html = page(signed_in(app, login, make_user(roles)), "/")
    for text in shown:
        assert text in html
    for text in hidden:
        assert text not in html


def test_check_in_appears_when_due(app, login, mf):
    match = mf.match()
    client = signed_in(app, login, match.participant)
    assert 'data-testid="check-in"' not in page(client, f"/time-givers/matches/{match.id}")
    match.check_in_due_on = match.check_in_due_on - timedelta(days=91)
    db.session.commit()
    assert 'data-testid="check-in"' in page(client, f"/time-givers/matches/{match.id}")
    client.post(f"/time-givers/matches/{match.id}/check-in")
    assert 'data-testid="check-in"' not in page(client, f"/time-givers/matches/{match.id}")
    assert 'data-testid="check-in"' in page(signed_in(app, login, match.time_giver.user),
                                            f"/time-givers/matches/{match.id}")


def test_editing_shows_the_saved_answers(app, login, mf):
    time_giver = mf.time_giver(activities=["walks"], other_activities="chess", interests="music, nature")
    html = page(signed_in(app, login, time_giver.user), "/time-givers/volunteer/edit")
    assert 'value="music, nature"' in html and 'value="chess"' in html
    assert re.search(r'<input checked[^>]*value="walks"|value="walks"[^>]*checked', html)
    assert re.search(r'value="1-evening" checked', html)


def test_the_participant_is_told_kindly_when_a_suggestion_did_not_work_out(app, login, mf):
    proposal = mf.proposal(accepted_by_participant=True)
    client = signed_in(app, login, proposal.request.participant)
    assert 'data-testid="tried-before"' not in page(client, "/time-givers/my-request")
    signed_in(app, login, proposal.time_giver.user).post(f"/time-givers/proposals/{proposal.id}/answer",
                                                         data={"answer": "no"})
    html = page(client, "/time-givers/my-request")
    assert "did not work out this time" in html and "Waiting for a suggestion" in html
    assert proposal.time_giver.user.display_name not in html


def test_not_from_my_own_neighbourhood_is_asked_kept_and_shown_to_the_coordinator(app, login, make_user, mf):
    neighbour = mf.time_giver(make_user(display_name="Nabo"), district="Sagene")
    mf.time_giver(make_user(display_name="Fjern"), district="Frogner")
    participant = make_user(display_name="Lise")
    client = signed_in(app, login, participant)
    form_page = page(client, "/time-givers/ask", "nb")
    assert "Ikke en tidsgiver fra mitt eget nabolag" in form_page
    client.post("/time-givers/ask", data=dict(REQUEST, avoid_own_neighbourhood="y"))
    time_giver_request = asks.current_request(participant)
    assert time_giver_request.avoid_own_neighbourhood is True
    assert "not a time-giver from your own neighbourhood" in page(client, "/time-givers/my-request")
    coordinator = signed_in(app, login, mf.coordinator)
    url = f"/time-givers/coordinate/requests/{time_giver_request.id}"
    html = unescape(page(coordinator, url))
    assert "not a time-giver from the participant's own neighbourhood" in html
    assert "Fjern" in html and "Nabo" not in html
    assert "ikke en tidsgiver fra deltakerens eget nabolag" in page(coordinator, url, "nb")
    coordinator.post(url + "/propose", data={"time_giver_id": neighbour.id})
    assert "may live in the participant's own neighbourhood" in unescape(page(coordinator, url))
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Proposal)) == 0

"""A volunteer says how the coordinators may contact them: required, on one line, at most 200 characters;
shown to the coordinators who vet them and to the volunteer, never to a participant; in the volunteer's own
data export, and gone with the application when the account is deleted."""
import json

import pytest
from sqlalchemy import func, select

from aftercare.accounts.services import delete_account
from aftercare.exceptions import ValidationFailed
from aftercare.extensions import db
from aftercare.matching.models import Match, TimeGiver
from aftercare.matching.services import applications
from tests.factories import DEFAULT_PASSWORD

from ..mydata.reading import every_part
from .factories import PROFILE

CONTACT = "ola@example.org or 987 65 432, weekdays after four"
FIELD = "contact_for_coordinators"


def count():
    return db.session.scalar(select(func.count()).select_from(TimeGiver))


def signed_in(app, login, user):
    client = app.test_client()
    login(client, user)
    return client


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


# --- the service ---

def test_the_contact_is_stored_on_one_line(make_user):
    application = applications.apply(make_user(), declaration_signed=True,
                                     **dict(PROFILE, contact_for_coordinators="  ola@example.org\n  evenings "))
    assert application.contact_for_coordinators == "ola@example.org evenings"


@pytest.mark.parametrize("contact, message", [
    ("", "how they may contact you"),
    ("   \n ", "how they may contact you"),
    (None, "how they may contact you"),
    ("x" * 201, "at most 200 characters"),
    ("ola@example.org\x00", "cannot be shown"),
    (["ola@example.org"], "cannot be shown"),
])
def test_a_missing_or_bad_contact_stores_nothing(make_user, contact, message):
    with pytest.raises(ValidationFailed, match=message) as error:
        applications.apply(make_user(), declaration_signed=True, **dict(PROFILE, contact_for_coordinators=contact))
    assert error.value.field == FIELD and count() == 0


def test_two_hundred_characters_are_enough(make_user):
    application = applications.apply(make_user(), declaration_signed=True,
                                     **dict(PROFILE, contact_for_coordinators="x" * 200))
    assert len(application.contact_for_coordinators) == 200


def test_changing_the_answers_cannot_empty_the_contact(mf):
    time_giver = mf.time_giver()
    with pytest.raises(ValidationFailed) as error:
        applications.update_profile(time_giver.user, time_giver, **dict(PROFILE, contact_for_coordinators=" "))
    assert error.value.field == FIELD
    db.session.expire_all()
    assert db.session.get(TimeGiver, time_giver.id).contact_for_coordinators == PROFILE[FIELD]
    applications.update_profile(time_giver.user, time_giver, **dict(PROFILE, contact_for_coordinators=CONTACT))
    assert db.session.get(TimeGiver, time_giver.id).contact_for_coordinators == CONTACT


# --- the form ---

def test_the_form_asks_for_it_with_a_hint_that_only_coordinators_see_it(app, login, make_user):
    page = html(signed_in(app, login, make_user()), "/time-givers/apply")
    assert 'name="contact_for_coordinators"' in page
    assert 'aria-describedby="contact_for_coordinators-hint"' in page
    assert "Only coordinators see it, never participants." in page


@pytest.mark.parametrize("contact, message", [
    ("", "Tell the coordinators how they may contact you"),
    ("9" * 201, "Write at most 200 characters."),
])
def test_the_form_refuses_a_missing_or_too_long_contact_and_stores_nothing(app, login, make_user, contact, message):
    client = signed_in(app, login, make_user())
    response = client.post("/time-givers/apply", data=dict(PROFILE, declaration="y",
                                                           contact_for_coordinators=contact))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page
    assert 'id="contact_for_coordinators-error"' in page and 'aria-invalid="true"' in page
    assert count() == 0


def test_the_form_sends_it_and_the_edit_form_shows_it_again(app, login, make_user):
    client = signed_in(app, login, make_user())
    response = client.post("/time-givers/apply", data=dict(PROFILE, declaration="y", contact_for_coordinators=CONTACT))
    assert response.status_code == 302
    assert db.session.scalar(select(TimeGiver.contact_for_coordinators)) == CONTACT
    assert f'value="{CONTACT}"' in html(client, "/time-givers/volunteer/edit")
    own = html(client, "/time-givers/volunteer")
    assert 'data-testid="own-contact"' in own and CONTACT in own


# --- who sees it ---

def test_the_coordinator_sees_it_on_the_application_and_the_participant_never(app, login, make_user, mf):
    volunteer = make_user(["participant"], display_name="Ola")
    time_giver = mf.time_giver(volunteer, contact_for_coordinators=CONTACT)
    vet = html(signed_in(app, login, mf.coordinator), f"/time-givers/coordinate/volunteers/{time_giver.id}")
    assert 'data-testid="time-giver-contact"' in vet and CONTACT in vet
    assert CONTACT not in html(signed_in(app, login, mf.coordinator), "/time-givers/coordinate")  # the list

    proposal = mf.proposal(time_giver=time_giver)
    participant = signed_in(app, login, proposal.request.participant)
    assert CONTACT not in html(participant, f"/time-givers/proposals/{proposal.id}")
    participant.post(f"/time-givers/proposals/{proposal.id}/answer", data={"answer": "yes"})
    signed_in(app, login, volunteer).post(f"/time-givers/proposals/{proposal.id}/answer", data={"answer": "yes"})
    match_id = db.session.scalar(select(Match.id))
    assert match_id is not None
    for url in (f"/time-givers/matches/{match_id}", "/time-givers/matches", "/time-givers/my-request",
                "/account/my-data.json"):
        assert CONTACT not in participant.get(url).get_data(as_text=True), url
    assert CONTACT not in every_part(participant)
    # Other people with accounts: a professional and an admin get no application page at all.
    for roles in (["professional"], ["admin"], ["participant"]):
        other = signed_in(app, login, make_user(roles))
        response = other.get(f"/time-givers/coordinate/volunteers/{time_giver.id}")
        assert response.status_code in (403, 404) and CONTACT not in response.get_data(as_text=True)


def test_an_application_from_before_the_question_says_so_to_the_coordinator(app, login, mf):
    time_giver = mf.application()
    time_giver.contact_for_coordinators = ""
    db.session.commit()
    vet = html(signed_in(app, login, mf.coordinator), f"/time-givers/coordinate/volunteers/{time_giver.id}")
    assert "do not say how to reach them" in vet


# --- export and deletion ---

def test_the_volunteers_export_holds_the_contact(app, login, make_user, mf):
    volunteer = make_user(["participant"])
    mf.application(volunteer, contact_for_coordinators=CONTACT)
    client = signed_in(app, login, volunteer)
    data = json.loads(client.get("/account/my-data.json").data)["sections"]["time_givers"]
    assert data["time_giver_application"][FIELD] == CONTACT
    page = every_part(client)
    assert "How coordinators may contact you" in page and CONTACT in page


def test_the_contact_goes_with_the_application_when_the_account_is_deleted(make_user, mf):
    volunteer = make_user(["participant"])
    mf.time_giver(volunteer, contact_for_coordinators=CONTACT)
    delete_account(volunteer, volunteer, DEFAULT_PASSWORD)
    assert count() == 0
    assert db.session.scalar(select(func.count()).select_from(TimeGiver)
                             .where(TimeGiver.contact_for_coordinators == CONTACT)) == 0

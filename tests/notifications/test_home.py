"""The home page leads with what is waiting for the person, in their language, each a link; and it does not
offer to ask for a time-giver while a request, a proposal or a match is open."""
from aftercare.groups import services as groups

from .conftest import new


def _home(app, login, user, language="en"):
    client = app.test_client()
    login(client, user)
    response = client.get("/", headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_participant_with_a_proposal_is_led_to_it_and_not_offered_to_ask_again(app, login, mf, make_user):
    participant = make_user(display_name="Lise")
    assert "Ask for a time-giver" in _home(app, login, participant)
    proposal = mf.proposal(mf.request(participant))
    html = _home(app, login, participant)
    assert "Waiting for you" in html
    assert f'href="/time-givers/proposals/{proposal.id}">A coordinator has suggested a time-giver for you' in html
    assert "Ask for a time-giver" not in html and "Your request for a time-giver" in html
    norwegian = _home(app, login, participant, "nb")
    assert "En koordinator har foreslått en tidsgiver for deg" in norwegian
    assert new(participant, "time_giver_proposed")  # showing the home page changes nothing


def test_a_matched_participant_is_not_offered_to_ask(app, login, mf, make_user):
    participant = make_user()
    mf.match(mf.request(participant))
    html = _home(app, login, participant)
    assert "Ask for a time-giver" not in html and ">My time-giver<" in html


def test_an_invitation_leads_the_home_page_until_answered(app, login, make_user, make_group):
    leader, invitee = make_user(), make_user(username="invitee")
    make_group(leaders=[leader], members=[invitee], name="Old group")
    group = make_group(leaders=[leader], name="Torsdagsgruppa")
    invitation = groups.invite_by_username(leader, group, "invitee")
    html = _home(app, login, invitee)
    assert f'href="/groups/invitations/{invitation.id}">You have been invited to Torsdagsgruppa' in html
    assert "Du er invitert til Torsdagsgruppa" in _home(app, login, invitee, "nb")
    groups.respond_to_invitation(invitee, invitation, join=False)
    assert "You have been invited to Torsdagsgruppa" not in _home(app, login, invitee)
    assert "You have been invited to Torsdagsgruppa" not in _home(app, login, leader)

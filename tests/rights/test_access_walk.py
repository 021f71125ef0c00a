"""Walk every URL rule of the app as an admin and as a verified professional who is nobody's guest.
Parameters are filled with real ids of objects that exist, so each page really has something to show."""
import re

import pytest

from aftercare.accounts.services import create_invitation, start_login_session
from aftercare.chat.services import channel_for_group, post_message
from aftercare.chat.services.moderation import report_message
from aftercare.extensions import db
from aftercare.groups.models import WaitingEntry
from aftercare.groups.services.invitations import invite_by_link, invite_by_username
from aftercare.groups.services.rules import propose_rule
from aftercare.matching.services.matches import log_meetup
from aftercare.meetings import services as meetings
from aftercare.network import services as network
from aftercare.notifications.services import notify
from aftercare.referrals import services as referrals
from aftercare.timeutil import local_today

from ..matching.factories import MatchingFactories

SECRETS = ("MSG-SECRET", "AGENDA-SECRET", "ABSENCE-SECRET", "LOG-SECRET", "GUEST-SECRET", "PLACE-SECRET",
           "NOTE-SECRET", "PURPOSE-SECRET", "RULE-SECRET", "REPORT-SECRET", "WISH-SECRET", "MEETUP-SECRET", "Secret Circle", "LEADER-NAME", "MEMBER-NAME",
           "MAP-SECRET", "PLAN-SECRET", "HARD-SECRET", "COUNCIL-SECRET", "CONTACT-SECRET")


def build_world(factories):
    """Objects of every kind, owned by people other than the walkers; returns URL parameter values."""
    mf = MatchingFactories(factories)
    leader = factories.user(display_name="LEADER-NAME")
    member = factories.user(display_name="MEMBER-NAME")
    outsider = factories.user()
    coordinator = mf.coordinator
    group = factories.group(leaders=[leader], members=[member], creator=coordinator, name="Secret Circle",
                            purpose="PURPOSE-SECRET, a group for mothers in LAR.")
    channel = channel_for_group(group)
    message, _created = post_message(member, channel, client_id="walk-message-1", body="MSG-SECRET")
    report_message(leader, message, channel, reason="REPORT-SECRET")
    proposal = propose_rule(member, group, "add", text="RULE-SECRET: we speak one at a time")
    _invitation, group_token = invite_by_link(leader, group)
    direct = invite_by_username(leader, group, outsider.username)
    entry = WaitingEntry(group_id=group.id, user_id=outsider.id)
    db.session.add(entry)
    match = mf.match(mf.request(factories.user(), wishes="WISH-SECRET walks"))
    log_meetup(match.participant, match, met_on=local_today(), activity="walk", private_note="MEETUP-SECRET")
    match.time_giver.contact_for_coordinators = "CONTACT-SECRET 912 34 567"  # for the coordinators only
    waiting_request = mf.request(factories.user(), wishes="WISH-SECRET cinema")
    pending = mf.proposal()
    professional = factories.user(["professional"])
    referral, code = referrals.create_referral(professional, note="NOTE-SECRET", wants="group")
    referrals.redeem(code, username="referred", display_name="Referred", password="a long private sentence")
    admin = factories.user(["admin"])
    _admin_invitation, register_token = create_invitation(admin, ["participant"])
    helplines = factories.helplines()
    session = start_login_session(member)
    notify([member.id], "match_participant_left", link="/time-givers/matches")
    from datetime import time, timedelta

    from aftercare.timeutil import utcnow

    series = meetings.schedule(leader, group, first_date=local_today() + timedelta(days=3), start_time=time(18),
                               end_time=time(19), place="PLACE-SECRET")
    meeting = series.meetings[0]
    item = meetings.propose_item(member, meeting, "AGENDA-SECRET sleep")
    meetings.give_notice(member, meeting, "ABSENCE-SECRET")
    meetings.assign_recorder(leader, meeting, leader.id)
    meetings.save_log(leader, meeting, {"topics": "LOG-SECRET topics"}, now=meeting.starts_at)
    meetings.publish_log(leader, meeting, now=meeting.starts_at)
    removal = meetings.request_removal(member, meeting, "LOG-SECRET topics")
    guest_invitation = meetings.propose_guest(member, meeting, professional.username, "GUEST-SECRET")
    meetings.renew_feed(member)
    network_entry = network.add_entry(member, {"name": "MAP-SECRET Kari", "circle": "close", "sphere": "family",
                                               "note": "MAP-SECRET note"})
    own_area = network.add_own_area(member, "PLAN-SECRET area")
    network_step = network.add_step(member, own_area.slug, {"what": "PLAN-SECRET step", "due_on": local_today()})
    network.save_hard_times(member, "HARD-SECRET words", [network_entry.id])
    council = _council(factories, member, professional)
    assert utcnow()
    db.session.commit()
    from aftercare.chat.models import Report
    from aftercare.notifications.models import Notification

    return {
        "group_id": group.id, "channel_id": channel.id, "report_id": db.session.query(Report).first().id,
        "proposal_id": proposal.id, "invitation_id": direct.id, "entry_id": entry.id,
        "user_id": member.id, "time_giver_id": match.time_giver_id, "request_id": waiting_request.id,
        "match_id": match.id, "referral_id": referral.id, "helpline_id": helplines[0].id,
        "notification_id": db.session.query(Notification).first().id, "public_id": session.public_id,
        "token": group_token, "code": "ACDEF-GHJKM", "filename": "css/app.css",
        "_register_token": register_token, "_pending_proposal": pending.id,
        "meeting_id": meeting.id, "item_id": item.id, "direction": "up", "_removal_request": removal.id,
        "_guest_invitation": guest_invitation.id, "action": "remove", "choice": "yes",
        "_network_entry": network_entry.id, "step_id": network_step.id, "area": own_area.slug,
        "version_id": network.versions(member)[0].id,
        "council_id": council.id, "statement_id": council.statements[0].id, "line_id": council.lines[0].id,
        "invitee_id": council.invitees[0].id, "number": 1,
    }


def _council(factories, owner, professional):
    """Her network council, finished and followed up: questions, a coordinator, an invitee, an approved
    statement, a plan line and a version, all holding COUNCIL-SECRET."""
    from datetime import timedelta

    from aftercare.council import services as council_services

    coordinator = factories.user(["council_coordinator"])
    council = council_services.start_council(owner)
    council_services.save_questions(owner, council.id, ["How can I COUNCIL-SECRET keep my home?"])
    council_services.choose_coordinator(owner, council.id, coordinator.id)
    council_services.answer_request(coordinator, council.id, True)
    council_services.owner_agrees(owner, council.id, True)
    invitee = council_services.add_invitee(owner, council.id, name="COUNCIL-SECRET Ola")
    council_services.update_invitee(owner, council.id, invitee.id, "COUNCIL-SECRET phone", "chair")
    council_services.save_practicalities(owner, council.id, {"place": "COUNCIL-SECRET kitchen"})
    statement = council_services.ask(owner, council.id, professional.username, [str(council.questions[0].id)])
    council_services.professional_agrees(professional, statement.id)
    council_services.write(professional, statement.id, "COUNCIL-SECRET statement")
    council_services.decide(owner, council.id, statement.id, "approve")
    council_services.start_meeting(owner, council.id)
    council_services.start_private(owner, council.id)
    council_services.add_line(owner, council.id, {"question_id": council.questions[0].id,
                                                  "what": "COUNCIL-SECRET line", "owner": f"invitee:{invitee.id}"})
    council_services.call_back(owner, council.id)
    council_services.check(coordinator, council.id)
    council_services.sign(owner, council.id)
    council_services.finish(owner, council.id, local_today() + timedelta(days=40))
    return council


def _network_params(rule, params, values):
    """The network tools' entry is hers (entry_id elsewhere names a waiting-list entry)."""
    if rule.endpoint.startswith("network.") and "entry_id" in params:
        params["entry_id"] = values["_network_entry"]


SOCKET_TRANSPORT = {"socketio_polling", "socketio_websocket"}


def urls(app, values):
    """Every GET rule with its parameters filled in; proposals point at the pending one on its own page."""
    found = []
    for rule in app.url_map.iter_rules():
        # The Socket.IO path is answered by its middleware, never by a view; sockets have their own
        # access tests (tests/chat).
        if "GET" not in rule.methods or rule.endpoint in SOCKET_TRANSPORT:
            continue
        params = dict((name, values[name]) for name in rule.arguments)
        if rule.endpoint == "accounts.register":
            params["token"] = values["_register_token"]
        if rule.endpoint == "groups.join":
            # Holding a group's link is being invited (its page names the group); the walkers were not given one.
            params["token"] = "not-a-token-anyone-was-given"
        if rule.endpoint == "matching.proposal":
            params["proposal_id"] = values["_pending_proposal"]
        if rule.endpoint == "meetings.decide":
            params["request_id"] = values["_removal_request"]
        if rule.endpoint == "meetings.vote_guest":
            params["invitation_id"] = values["_guest_invitation"]
        if rule.endpoint == "meetings.feed":
            params["token"] = "not-a-token-anyone-was-given"  # a calendar address is a secret of its own
        _network_params(rule, params, values)
        with app.test_request_context():
            from flask import url_for

            found.append((rule.endpoint, url_for(rule.endpoint, **params)))
    return sorted(found)


# Pages any signed-in person may open for themselves: their account, their data, their own (empty) lists.
OWN_PAGES = {
    "core.index", "core.help_page", "core.accessibility", "core.language", "core.offline", "core.manifest", "core.service_worker",
    "core.health", "static", "accounts.settings", "accounts.delete_account", "accounts.change_password",
    "accounts.sessions", "mydata.page", "mydata.download", "audit.transparency", "referrals.mine",
    "groups.index", "matching.volunteer", "matching.apply", "matching.my_matches", "matching.my_request",
    "matching.ask", "notifications.index", "notifications.count", "notifications.settings", "meetings.calendar",
    "accounts.two_factor", "accounts.recovery_codes",
    "accounts.two_factor_off",
}
ADMIN_PAGES = {"admin.accounts", "admin.account", "admin.helplines", "admin.edit_helpline", "admin.invitations",
               "accounts.issue_reset"}  # making a new-password link for someone, by user name
PROFESSIONAL_PAGES = {"referrals.professional_home", "referrals.create", "meetings.guest_invitations",
                      "council.statement_list"}


def walk(client, app, values, allowed):
    answered = {}
    for endpoint, url in urls(app, values):
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert response.status_code < 500, url
        if response.status_code == 200:
            assert endpoint in allowed, f"{url} answered with content"
            names_allowed = endpoint in ("admin.accounts", "admin.account")  # managing accounts needs names
            for secret in SECRETS:
                if names_allowed and secret.endswith("-NAME"):
                    continue
                assert secret not in body, f"{url} shows {secret}"
        else:
            assert response.status_code in (302, 403, 404, 410), url
            if response.status_code == 302:
                assert not re.search(r"/(groups|chat|time-givers/coordinate)/", response.headers["Location"]), url
        answered[endpoint] = response.status_code
    return answered


@pytest.mark.parametrize("who", ["admin", "professional"])
def test_walk_every_url(app, client, login, factories, who):
    values = build_world(factories)
    if who == "admin":
        walker, allowed = factories.user(["admin"]), OWN_PAGES | ADMIN_PAGES
    else:
        walker, allowed = factories.user(["professional"]), OWN_PAGES | PROFESSIONAL_PAGES
    login(client, walker)
    answered = walk(client, app, values, allowed)
    # The walk really reached the content routes, which all refused.
    for endpoint in ("groups.home", "groups.members", "groups.rules", "chat.channel", "chat.reports",
                     "matching.match", "matching.request_page", "matching.vet", "matching.queue",
                     "referrals.coordinator_note", "referrals.printable", "groups.coordinate"):
        assert answered[endpoint] in (403, 404), endpoint


def test_the_world_is_visible_to_its_own_people(app, client, login, factories):
    """The walk is meaningful: the same URLs do show content to the people they belong to."""
    values = build_world(factories)
    from aftercare.accounts.models import User

    member = db.session.get(User, values["user_id"])
    login(client, member)
    assert "MSG-SECRET" in client.get(f"/chat/{values['channel_id']}").get_data(as_text=True)
    assert "Secret Circle" in client.get(f"/groups/{values['group_id']}").get_data(as_text=True)


def snapshot():
    """Every row of every table except the walker's own login bookkeeping and the audit log."""
    from sqlalchemy import select

    skip = {"login_sessions", "audit_entries", "data_export_locks"}
    state = {}
    for table in db.metadata.sorted_tables:
        if table.name not in skip:
            state[table.name] = sorted(map(repr, db.session.execute(select(table)).all()))
    return state


def post_urls(app, values):
    """Every POST-only or POST-capable rule outside the walker's own account, data and language."""
    own = ("accounts.", "core.", "mydata.", "audit.", "static")
    found = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint.startswith(own) or rule.endpoint == "referrals.mine":
            continue
        params = dict((name, values[name]) for name in rule.arguments)
        if rule.endpoint == "matching.answer_proposal":
            params["proposal_id"] = values["_pending_proposal"]
        if rule.endpoint == "meetings.decide":
            params["request_id"] = values["_removal_request"]
        if rule.endpoint == "meetings.vote_guest":
            params["invitation_id"] = values["_guest_invitation"]
        if rule.endpoint == "meetings.feed":
            params["token"] = "not-a-token-anyone-was-given"  # a calendar address is a secret of its own
        if rule.endpoint == "groups.join":
            params["token"] = "not-a-token-anyone-was-given"
        _network_params(rule, params, values)
        with app.test_request_context():
            from flask import url_for

            found.append((rule.endpoint, url_for(rule.endpoint, **params)))
    return sorted(found)


@pytest.mark.parametrize("who", ["admin", "professional"])
def test_posting_to_other_peoples_things_changes_nothing(app, client, login, factories, who):
    values = build_world(factories)
    walker = factories.user([who])
    login(client, walker)
    form = {"body": "x", "client_id": "walk-post-0001", "reason": "x", "choice": "yes", "join": "yes",
            "accept": "y", "action": "activate", "time_giver_id": str(values["time_giver_id"]),
            "text": "x", "kind": "add", "phase": "running", "share": "y"}
    skip = {"admin." if who == "admin" else "-", "referrals.create", "referrals.enter_code", "referrals.redeem", "referrals.share",
            "referrals.delete_note", "groups.create", "matching.apply", "matching.ask", "matching.edit_profile",
            "matching.volunteer_state", "matching.withdraw_request", "meetings.calendar", "notifications.pause",
            "notifications.settings", "notifications.read_all"}
    walked = set()
    for endpoint, url in post_urls(app, values):
        if endpoint.startswith(tuple(s for s in skip if s.endswith("."))) or endpoint in skip:
            continue  # the walker's own tools (admin pages for the admin; applying, asking, referring)
        before = snapshot()
        response = client.post(url, data=form)
        db.session.expire_all()
        assert response.status_code in (302, 400, 403, 404, 409, 410), url
        assert snapshot() == before, f"POST {url} changed something"
        walked.add(endpoint)
    assert {"chat.post", "chat.resolve_report", "groups.vote", "groups.remove", "groups.make_leader",
            "groups.phase", "matching.approve", "matching.propose", "matching.end_match",
            "admin.disable_account" if who == "professional" else "groups.settings"} <= walked


# The person's own tools: a participant's map, plan and "when it gets hard" exist for her alone. With her real
# ids every other kind of account gets 404; pages without an id show a participant walker her own (empty) tools.
NETWORK_OWN_PAGES = {"network.index", "network.new_entry", "network.then", "network.show_once", "network.plan",
                     "network.versions", "network.hard_times"}


@pytest.mark.parametrize("who", ["participant", "time_giver", "coordinator", "professional", "admin"])
def test_network_tools_answer_404_to_everyone_but_their_owner(app, client, login, factories, who):
    values = build_world(factories)
    login(client, factories.user([who]))
    network_urls = [(endpoint, url) for endpoint, url in urls(app, values) if endpoint.startswith("network.")]
    assert {endpoint for endpoint, _url in network_urls} == NETWORK_OWN_PAGES | {
        "network.edit_entry", "network.area", "network.step", "network.version"}
    for endpoint, url in network_urls:
        response = client.get(url)
        body = response.get_data(as_text=True)
        if who == "participant" and endpoint in NETWORK_OWN_PAGES:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 404, url
        for secret in ("MAP-SECRET", "PLAN-SECRET", "HARD-SECRET"):
            assert secret not in body, f"{url} shows {secret}"
    posted = set()
    for endpoint, url in post_urls(app, values):
        if not endpoint.startswith("network.") or endpoint in ("network.new_entry", "network.new_area",
                                                              "network.delete_history", "network.delete_versions",
                                                              "network.hard_times"):
            continue  # those act on the walker's own (empty) tools
        posted.add(endpoint)
        before = snapshot()
        assert client.post(url, data={"name": "x", "what": "x", "status": "done"}).status_code == 404, url
        db.session.expire_all()
        assert snapshot() == before, f"POST {url} changed something"
    assert posted == {"network.edit_entry", "network.remove_entry", "network.area", "network.remove_area",
                      "network.add_step", "network.step", "network.mark_step", "network.remove_step"}


def test_her_network_tools_are_visible_to_her(app, client, login, factories):
    values = build_world(factories)
    from aftercare.accounts.models import User

    login(client, db.session.get(User, values["user_id"]))
    assert "MAP-SECRET" in client.get("/network").get_data(as_text=True)
    assert "PLAN-SECRET" in client.get(f"/network/plan/{values['area']}").get_data(as_text=True)
    assert "HARD-SECRET" in client.get("/network/when-it-gets-hard").get_data(as_text=True)

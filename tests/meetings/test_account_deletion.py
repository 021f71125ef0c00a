"""Deleting an account takes the person's name (whole name, exact case) out of what others keep — session
logs, removal requests, notifications — in the group's language, keeps their votes counted as a former
member's, and tells the coordinator when a group is left without a leader."""
import re
from datetime import time, timedelta

import pytest
from flask_babel import force_locale

from aftercare.accounts.services import delete_account
from aftercare.extensions import db
from aftercare.meetings import services
from aftercare.meetings.models import MeetingLogVersion, RemovalRequest
from aftercare.notifications.models import Notification
from aftercare.timeutil import utcnow
from tests.factories import DEFAULT_PASSWORD


def test_logs_lose_the_name_and_the_coordinator_hears_of_a_leaderless_group(make_user, make_group):
    coordinator = make_user(["coordinator", "participant"])
    leader, member = make_user(display_name="Lead"), make_user(display_name="Siri")
    member.real_name = "Siri Hansen"
    # The group was created as an English-speaking one: its texts are English.
    group = make_group(leaders=[leader], members=[member], created_by_id=coordinator.id, language="en")
    series = services.schedule(leader, group, first_date=(utcnow() + timedelta(days=2)).date(),
                               start_time=time(18, 0), end_time=time(19, 0), place="Room 2")
    meeting = series.meetings[0]
    services.assign_recorder(leader, meeting, leader.id)
    services.save_log(leader, meeting, {"topics": "Siri talked about sleep. Siri Hansen asked for a break.",
                                        "present": "Lead, Siri"}, now=meeting.starts_at)
    delete_account(member, member, DEFAULT_PASSWORD)
    texts = [(v.topics, v.present) for v in db.session.scalars(db.select(MeetingLogVersion))]
    assert texts == [("A former member talked about sleep. A former member asked for a break.",
                      "Lead, a former member")]

    delete_account(leader, leader, DEFAULT_PASSWORD)
    kinds = db.session.scalars(db.select(Notification.kind).where(Notification.user_id == coordinator.id)).all()
    assert "group_no_leader" in kinds


def a_meeting(group, leader):
    series = services.schedule(leader, group, first_date=(utcnow() + timedelta(days=2)).date(),
                               start_time=time(18, 0), end_time=time(19, 0), place="Room 2")
    return series.meetings[0]


def test_only_the_whole_name_in_its_exact_case_goes_in_the_groups_language(make_user, make_group):
    """A group speaks bokmål unless it was created in English; Ola Nordmann and "ola"
    are other people, and Olav is another name."""
    coordinator = make_user(["coordinator", "participant"])
    leader, ola = make_user(display_name="Lead"), make_user(display_name="Ola")
    namesake, lower = make_user(display_name="Ola Nordmann"), make_user(display_name="ola")
    group = make_group(leaders=[leader], members=[ola, namesake, lower], created_by_id=coordinator.id)
    meeting = a_meeting(group, leader)
    services.assign_recorder(leader, meeting, leader.id)
    services.save_log(leader, meeting, {"topics": "Ola spoke first. Ola Nordmann led, ola laughed, Olav came.",
                                        "present": "Lead, Ola, Ola Nordmann, ola"}, now=meeting.starts_at)
    services.publish_log(leader, meeting, now=meeting.starts_at)
    services.request_removal(namesake, meeting, "Ola Nordmann led, ola laughed, Olav came.", "Ola was there")
    delete_account(ola, ola, DEFAULT_PASSWORD)
    [version] = db.session.scalars(db.select(MeetingLogVersion)).all()
    assert version.topics == "Et tidligere medlem spoke first. Ola Nordmann led, ola laughed, Olav came."
    assert version.present == "Lead, et tidligere medlem, Ola Nordmann, ola"
    [request] = db.session.scalars(db.select(RemovalRequest)).all()
    assert request.passage == "Ola Nordmann led, ola laughed, Olav came." and request.note == "Et tidligere medlem was there"


def test_the_group_language_is_the_groups_own_not_its_creators(app, make_user, make_group):
    from aftercare.deletion import group_language

    english, norwegian = (make_user(["coordinator"]) for _ in range(2))
    english.locale, norwegian.locale = "en", "nb"
    groups = [make_group(created_by_id=english.id), make_group(created_by_id=norwegian.id, language="en")]
    assert [group_language(group) for group in groups] == ["nb", "en"]


@pytest.mark.parametrize("language, sentence", [
    ("en", "A former member has given notice of absence for the meeting in"),
    ("nb", "Et tidligere medlem har meldt fravær fra møtet i"),
])
def test_others_notifications_lose_the_name_and_read_in_the_readers_language(app, make_user, make_group,
                                                                            language, sentence):
    from aftercare.meetings.services import give_notice
    from aftercare.notifications.services import text_of

    leader, ola = make_user(display_name="Lead"), make_user(display_name="Ola")
    group = make_group(leaders=[leader], members=[ola])
    give_notice(ola, a_meeting(group, leader), "Doctor")
    delete_account(ola, ola, DEFAULT_PASSWORD)
    [notification] = db.session.scalars(db.select(Notification).where(Notification.user_id == leader.id,
                                                                      Notification.kind == "notice_given")).all()
    assert "Ola" not in str(notification.params)
    with force_locale(language):
        text = text_of(notification)
    assert text.startswith(sentence) and "Ola" not in text


def test_votes_of_a_deleted_member_stay_counted_on_decided_proposals(app, login, make_user, make_group):
    from aftercare.groups import services as groups
    from aftercare.groups.models import Vote

    leader = make_user(display_name="Lead")
    kari, ola, per, liv = (make_user(display_name=name) for name in ("Kari", "Ola", "Per", "Liv"))
    group = make_group(leaders=[leader], members=[kari, ola, per, liv], named_votes=True)
    adopted = groups.propose_rule(leader, group, "add", text="We start on time.")
    groups.cast_vote(kari, group, adopted, "yes")
    groups.cast_vote(ola, group, adopted, "yes")  # 3 of 5: adopted
    assert adopted.status == "adopted" and adopted.members_at_decision == 5
    for person in (kari, ola):
        groups.accept_rules(person, group)
    still_open = groups.propose_rule(kari, group, "add", text="Phones away.")
    groups.cast_vote(ola, group, still_open, "yes")
    delete_account(ola, ola, DEFAULT_PASSWORD)
    db.session.expire_all()
    assert sorted(v.choice for v in db.session.get(type(adopted), adopted.id).votes) == ["yes", "yes", "yes"]
    # An open proposal counts members only: the former member's vote there is withdrawn.
    assert [v.user_id for v in db.session.scalars(db.select(Vote).where(Vote.proposal_id == still_open.id))] \
        == [kari.id]
    for language, former in (("en", "a vote by a former member: yes"), ("nb", "en stemme fra et tidligere medlem: ja")):
        client = app.test_client()
        login(client, kari)
        client.post("/language", data={"locale": language})
        page = client.get(f"/groups/{group.id}/rules").get_data(as_text=True)
        card = re.search(r'id="proposal-%d".*?</li>' % adopted.id, page, re.S).group(0)
        assert ("Yes: 3 · No: 0 · Members: 5" if language == "en" else "Ja: 3 · Nei: 0 · Medlemmer: 5") in card
        assert (former in card or former.capitalize() in card) and "Ola" not in card

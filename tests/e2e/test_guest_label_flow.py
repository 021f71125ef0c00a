"""At phone size in Chromium: before the vote, members see the guest's profession, employer and duty to
report; in the meeting's chat the guest is marked "guest · professional" on their live message, in who is
here, and on the page as rendered by the server; in bokmål for a member reading in bokmål."""
import os
from datetime import time as clock, timedelta

from aftercare.chat import services as chat
from aftercare.extensions import db
from aftercare.meetings import services as meetings
from aftercare.meetings.models import Meeting
from aftercare.timeutil import utcnow
from tests.factories import make_group_in_db

from .test_guest_chat_flow import log_in, post

SHOTS = os.environ.get("E2E_SCREENSHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name + ".png"), full_page=True)


def test_members_are_told_who_in_the_room_is_a_professional(live_server, factories_live, new_page):
    with live_server.seed():
        leader = factories_live.user(["participant"], username="kari", display_name="Kari")
        member = factories_live.user(["participant"], username="mona", display_name="Mona", locale="nb")
        other = factories_live.user(["participant"], username="olga", display_name="Olga")
        factories_live.user(["professional"], username="drberg", display_name="Dr. Berg",
                            profession="Sosionom", employer_kind="child_welfare")
        group = make_group_in_db(factories_live, leaders=[leader], members=[member, other])
        channel = chat.channel_for_group(group)
        meeting = meetings.schedule(leader, group, first_date=(utcnow() + timedelta(days=3)).date(),
                                    start_time=clock(18, 0), end_time=clock(19, 0), online=True).meetings[0]
        invitation = meetings.propose_guest(leader, meeting, "drberg", "About school")
        group_id, channel_id, meeting_id, invitation_id = group.id, channel.id, meeting.id, invitation.id
    url = live_server.url

    mona = new_page("nb-NO")
    log_in(mona, url, "mona")
    mona.goto(f"{url}/notifications")
    assert "En fagperson er foreslått som gjest" in mona.text_content("main")
    mona.goto(f"{url}/groups/{group_id}/meetings/{meeting_id}/guests")
    card = mona.text_content("[data-testid=guest-invitation]")
    assert "Yrke: Sosionom" in card and "Arbeidsgiver: Barnevernstjenesten" in card
    assert "opplysningsplikt til barnevernet" in card
    shot(mona, "guest-vote-nb")
    assert mona.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    mona.goto(f"{url}/groups/{group_id}")
    assert "ingen opplysningsplikt" in mona.text_content("[data-testid=no-duty-to-report]")
    shot(mona, "group-page-nb")

    with live_server.seed():
        meetings.vote_guest(db.session.get(type(member), member.id), db.session.get(Meeting, meeting_id),
                            invitation_id, "yes")
        start = utcnow() - timedelta(minutes=10)
        db.session.execute(db.update(Meeting).where(Meeting.id == meeting_id).values(
            starts_at=start, ends_at=start + timedelta(minutes=90)))
        db.session.commit()

    berg = new_page()
    log_in(berg, url, "drberg")
    berg.goto(f"{url}/guest/meetings/{meeting_id}")
    berg.click("[data-testid=guest-chat]")
    berg.wait_for_selector("#chat-here >> text=Here now: Dr. Berg (guest · professional)")
    mona.goto(f"{url}/chat/{channel_id}")
    mona.wait_for_selector("#chat-here >> text=Dr. Berg (gjest · fagperson)")
    post(berg, "Takk for at jeg fikk komme")
    live = mona.wait_for_selector("#chat-log li:has-text('Takk for at jeg fikk komme')")
    assert live.text_content().startswith("Dr. Berg (gjest · fagperson)")
    shot(mona, "chat-live-nb")
    assert mona.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    kari = new_page()
    log_in(kari, url, "kari")
    kari.goto(f"{url}/chat/{channel_id}")
    rendered = kari.text_content("#chat-log li:has-text('Takk for at jeg fikk komme') .chat-author")
    assert rendered.strip() == "Dr. Berg (guest · professional)"
    kari.goto(f"{url}/groups/{group_id}/meetings/{meeting_id}")
    assert "(guest · professional) · Sosionom · Child welfare service" in kari.text_content(
        "[data-testid=meeting-guest]")
    shot(kari, "meeting-page-en")

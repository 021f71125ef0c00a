"""In three phone-sized Chromium pages: a group had two meetings at overlapping times, and adopted a guest
professional for one. The guest's chat shows neither the other meeting (held live just before) nor the
group's history; when the leader opens the guest's meeting, its messages reach the guest's page and the
guest's reach the group; once the leader closes it, the group's messages no longer reach the guest."""
import time
from datetime import time as clock, timedelta

from aftercare.chat import services as chat
from aftercare.extensions import db
from aftercare.meetings import services as meetings
from aftercare.meetings.models import Meeting
from aftercare.timeutil import utcnow
from tests.factories import make_group_in_db

from .conftest import log_in


def open_chat(page, url, channel_id):
    page.goto(f"{url}/chat/{channel_id}")
    page.wait_for_selector("#chat-here >> text=Here now")  # the socket is connected and joined


def post(page, body):
    page.fill("#body", body)
    page.click("#composer button[type=submit]")


def test_a_guest_follows_their_own_meeting_only(live_server, factories_live, new_page):
    with live_server.seed():
        leader = factories_live.user(["participant"], username="leader", display_name="Kari")
        member = factories_live.user(["participant"], username="member", display_name="Mona")
        other = factories_live.user(["participant"], username="other", display_name="Olga")
        factories_live.user(["professional"], username="berg", display_name="Dr. Berg")
        group = make_group_in_db(factories_live, leaders=[leader], members=[member, other])
        channel = chat.channel_for_group(group)
        chat.post_message(member, channel, client_id="e2e-history-01", body="Last week was hard",
                          now=utcnow() - timedelta(days=2))
        day = (utcnow() + timedelta(days=3)).date()
        mine, theirs = (meetings.schedule(leader, group, first_date=day + timedelta(days=n), start_time=clock(18, 0),
                                          end_time=clock(19, 0), online=True).meetings[0] for n in (0, 1))
        invitation = meetings.propose_guest(member, mine, "berg", "Talking with children")
        meetings.vote_guest(other, mine, invitation.id, "yes")
        meetings.propose_item(member, mine, "Talking with our children")
        for meeting, starts_in, minutes in ((mine, -10, 90), (theirs, -5, 60)):
            start = utcnow() + timedelta(minutes=starts_in)
            db.session.execute(db.update(Meeting).where(Meeting.id == meeting.id).values(
                starts_at=start, ends_at=start + timedelta(minutes=minutes)))
        db.session.commit()
        chat.open_live(leader, channel, theirs.id)
        chat.post_message(member, channel, client_id="e2e-theirs-01", body="Money is tight at home")
        chat.close_live(leader, channel)
        channel_id, mine_id = channel.id, mine.id
    url = live_server.url

    berg = new_page()
    log_in(berg, url, "berg", to_home=True)
    berg.goto(f"{url}/guest/meetings/{mine_id}")
    berg.click("[data-testid=guest-chat]")
    berg.wait_for_selector("#chat-here >> text=Here now")
    kari = new_page()
    log_in(kari, url, "leader", to_home=True)
    open_chat(kari, url, channel_id)
    mona = new_page()
    log_in(mona, url, "member", to_home=True)
    open_chat(mona, url, channel_id)
    for text in ("Last week was hard", "Money is tight at home"):
        assert text in kari.text_content("#chat-log")
        assert text not in berg.text_content("main")

    kari.click("#live-open")  # the meeting being held now: the guest's, which started first
    berg.wait_for_selector("#live-panel:not([hidden])")
    berg.click("#live-toggle")  # the panel under the floor line, closed on a phone
    berg.click("details.live-agenda summary")
    assert "Talking with our children" in berg.text_content("#live-panel")
    post(mona, "Welcome, Dr. Berg")
    berg.wait_for_selector("#chat-log li:has-text('Welcome, Dr. Berg')")
    post(berg, "Thank you for having me")
    kari.wait_for_selector("#chat-log li:has-text('Thank you for having me')")

    kari.click("#live-toggle")
    kari.click("#live-close")
    kari.click("#chat-dialog-ok")  # "Close the meeting for everyone?"
    berg.wait_for_selector("#live-panel", state="hidden")
    post(mona, "Just us again")
    kari.wait_for_selector("#chat-log li:has-text('Just us again')")
    time.sleep(1)  # long enough for a push to arrive, were one sent
    assert "Just us again" not in berg.text_content("main")
    berg.reload()
    berg.wait_for_selector("#chat-here >> text=Here now")
    log = berg.text_content("#chat-log")
    assert "Welcome, Dr. Berg" in log and "Thank you for having me" in log
    for text in ("Last week was hard", "Money is tight at home", "Just us again"):
        assert text not in log
    assert berg.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

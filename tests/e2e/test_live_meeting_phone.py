"""A live meeting on two 390 × 844 phones: the floor line stays in view, hand buttons show one at a
time, giving and taking back the floor, the message box shows why it cannot send before sending
(pause, slow mode counting down), a refused message is replaced when sent again, closing asks first,
every tap target is at least 44 × 44 px and axe-core finds nothing on the live page."""
import re
from datetime import timedelta

from aftercare.chat.services import channel_for_group, post_message
from aftercare.extensions import db
from aftercare.timeutil import utcnow
from tests.factories import make_group_in_db

from .test_accessibility import AXE, axe_violations
from .test_live_chat_flow import log_in, open_chat

SMALL_TARGETS = """() => {
  const small = [];
  for (const node of document.querySelectorAll('main a, main button, main summary, main select')) {
    const box = node.getBoundingClientRect();
    if (!box.width || !box.height || box.right < 0 || node.closest('[hidden], dialog:not([open])')) continue;  // off-screen: a skip link until focused
    // A link inside a sentence is exempt: the sentence around it is the target.
    const parentText = node.parentElement.textContent.trim();
    if (node.tagName === 'A' && getComputedStyle(node).display === 'inline' && parentText !== node.textContent.trim()) continue;
    if (box.width < 44 || box.height < 44) small.push(node.textContent.trim() + ' ' + Math.round(box.width) + 'x' + Math.round(box.height));
  }
  return small;
}"""


def test_live_meeting_on_a_phone(live_server, factories_live, new_page):
    with live_server.seed():
        leader = factories_live.user(["participant"], username="kari", display_name="Kari")
        co_leader = factories_live.user(["participant"], username="ola", display_name="Ola")
        member = factories_live.user(["participant"], username="mona", display_name="Mona")
        group = make_group_in_db(factories_live, leaders=[leader, co_leader], members=[member])
        channel = channel_for_group(group)
        for n in range(25):  # enough history that the page scrolls on a phone
            message, _created = post_message(co_leader, channel, client_id=f"history-{n}", body=f"Earlier message {n}")
            message.created_at = utcnow() - timedelta(minutes=60 - n)  # written over the last hour
            db.session.commit()
        db.session.commit()
        channel_id = channel.id
    url = live_server.url

    kari = new_page()
    kari.context.add_init_script(path=str(AXE))
    log_in(kari, url, "kari")
    open_chat(kari, url, channel_id)
    mona = new_page()
    log_in(mona, url, "mona")
    open_chat(mona, url, channel_id)

    kari.click("#live-open")
    mona.wait_for_selector("#live-floor >> text=Nobody has the floor yet.")
    assert mona.is_visible("#live-raise") and not mona.is_visible("#live-lower")
    # The panel is folded on a phone: the line is compact, and stays in view while she reads.
    assert not mona.is_visible("#live-queue")
    mona.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    box = mona.locator("#live-floor").bounding_box()
    assert box is not None and 0 <= box["y"] < 844
    assert mona.locator("#live-panel").bounding_box()["height"] < 844 / 3

    # With nobody's hand up, "Give the floor to the next" cannot be pressed.
    kari.click("#live-toggle")
    assert kari.is_disabled("#live-next")
    mona.click("#live-raise")
    mona.wait_for_selector("#live-lower:visible")
    assert not mona.is_visible("#live-raise")
    kari.wait_for_selector("#live-count >> text=1 hand up")
    kari.click("#live-next")
    mona.wait_for_selector("#live-floor >> text=You have the floor")
    kari.wait_for_selector("#live-floor >> text=Mona has the floor")
    kari.click("#live-take")
    kari.wait_for_selector("#live-floor >> text=You have the floor")
    mona.wait_for_selector("#live-floor >> text=Kari has the floor")

    for page in (kari, mona):
        assert page.evaluate(SMALL_TARGETS) == []
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert axe_violations(kari) == []

    # Slow mode: the box says how long to wait, and counts down, before anything is sent.
    mona.fill("#body", "Hello everyone")
    mona.click("#composer button[type=submit]")
    mona.wait_for_selector("#chat-log li:not(.pending):has-text('Hello everyone')")
    kari.click("details.chat-tools summary")
    kari.select_option("#chat-slow", "30")
    mona.wait_for_selector("#composer-note >> text=/post again in \\d+ seconds/")
    assert mona.is_disabled("#composer button[type=submit]")
    first = int(re.search(r"\d+", mona.text_content("#composer-note")).group())
    mona.wait_for_function(f"() => parseInt(document.getElementById('composer-note').textContent.match(/\\d+/)) < {first}")
    kari.select_option("#chat-slow", "0")
    mona.wait_for_function("() => document.getElementById('composer-note').textContent === ''")
    assert mona.is_enabled("#composer button[type=submit]")

    kari.check("#chat-pause")
    mona.wait_for_selector("#composer-note >> text=A leader has paused the chat.")
    assert mona.is_disabled("#composer button[type=submit]")
    kari.uncheck("#chat-pause")
    mona.wait_for_function("() => document.getElementById('composer-note').textContent === ''")

    # A refused message (Mona is muted: her page does not know) gives its text back; sending it again
    # replaces the refused bubble instead of leaving a second one.
    kari.click("#chat-log li:has-text('Hello everyone') .chat-mute")
    kari.wait_for_selector("#chat-status >> text=Muted until the meeting ends.")
    mona.fill("#body", "Can I say one more thing")
    mona.click("#composer button[type=submit]")
    mona.wait_for_selector("li.pending.failed >> text=/muted/")
    assert mona.input_value("#body") == "Can I say one more thing"
    mona.click("#composer button[type=submit]")
    mona.wait_for_selector("li.pending.failed >> text=/muted/")
    assert mona.locator("#chat-log li:has-text('Can I say one more thing')").count() == 1

    # Going offline is said in her language, next to the message box.
    mona.context.set_offline(True)
    mona.wait_for_selector("#composer-note >> text=/No connection/")
    mona.context.set_offline(False)
    mona.wait_for_function("() => document.getElementById('composer-note').textContent === ''")

    # Closing asks first; Cancel leaves the meeting open.
    kari.click("#live-close")
    kari.wait_for_selector("#chat-dialog >> text=Close the meeting for everyone?")
    kari.click("#chat-dialog-cancel")
    assert kari.is_visible("#live-panel") and mona.is_visible("#live-panel")
    assert kari.evaluate("document.activeElement.id") == "live-close"
    kari.click("#live-close")
    kari.click("#chat-dialog-ok")
    mona.wait_for_selector("#live-ended:visible")
    kari.wait_for_selector("#live-panel", state="hidden")

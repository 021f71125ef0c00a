"""With a keyboard only: logging in, a form that comes back with an error, and the chat (reaching the
message box, sending, reacting without losing focus, the history left as it was, a reader further up
not scrolled away)."""
import re

from aftercare.chat.services import channel_for_group, post_message
from aftercare.extensions import db
from tests.factories import make_group_in_db

KEYBOARD = {"width": 390, "height": 844}


def keyboard_page(browser):
    context = browser.new_context(viewport=KEYBOARD, locale="en-GB", service_workers="block")
    context.set_default_timeout(10_000)
    return context.new_page()


def focused(page):
    return page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")


def tab_to(page, element_id, most=15):
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} not reached in {most} Tab presses")


def keyboard_log_in(page, url, username):
    page.goto(url + "/login")
    tab_to(page, "username")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    assert focused(page) == "password"
    page.keyboard.type("correct horse battery")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/$"))


def test_log_in_and_a_form_with_the_keyboard(live_server, factories_live, browser):
    with live_server.seed():
        factories_live.user(["participant"], username="keys")
    page = keyboard_page(browser)
    try:
        keyboard_log_in(page, live_server.url, "keys")
        assert page.is_visible("text=Log out")

        # The hint is read with its field; a form sent without a new password comes back with the focus
        # on that field, which points at its hint and its error.
        page.goto(live_server.url + "/account/password")
        hint = page.get_attribute("#new_password", "aria-describedby")
        assert page.text_content(f"#{hint}") == "Changing it logs you out on every other device."
        page.keyboard.press("Tab")
        assert focused(page) == "Skip to content"
        page.keyboard.press("Enter")
        tab_to(page, "current_password")
        page.keyboard.type("correct horse battery")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.wait_for_load_state()
        assert focused(page) == "new_password"
        assert page.get_attribute("#new_password", "aria-invalid") == "true"
        described = page.get_attribute("#new_password", "aria-describedby").split()
        assert described == ["new_password-hint", "new_password-error"]
        assert page.text_content("#new_password-error").strip()
    finally:
        page.context.close()


def test_chat_with_the_keyboard(live_server, factories_live, browser, new_page):
    with live_server.seed():
        me = factories_live.user(["participant"], username="reader", display_name="Rita")
        other = factories_live.user(["participant"], username="writer", display_name="Wenche")
        group = make_group_in_db(factories_live, leaders=[other], members=[me])
        channel = channel_for_group(group)
        for n in range(8):
            post_message(other if n % 2 else me, channel, client_id=f"older-message-{n:04d}", body=f"Older message {n}")
        db.session.commit()
        channel_id, group_id = channel.id, group.id
    url = live_server.url
    page = keyboard_page(browser)
    try:
        keyboard_log_in(page, url, "reader")
        page.goto(f"{url}/chat/{channel_id}")
        assert page.title().startswith("Chat · ")
        assert page.get_attribute("text=Back to the group", "href") == f"/groups/{group_id}"
        assert page.get_attribute("#chat-log-region", "role") == "log"
        # Mark the server-rendered history: the script must keep these very nodes.
        page.evaluate("document.querySelectorAll('#chat-log li[data-id]').forEach(li => li.dataset.rendered = '1')")
        page.wait_for_selector("#chat-here >> text=Here now")

        # From "Skip to content", the next stop is the chat's own skip link to the message box.
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert focused(page) == "Skip to the message box"
        page.keyboard.press("Enter")
        assert focused(page) == "body"
        page.keyboard.type("Written with the keyboard")
        page.keyboard.press("Enter")
        page.wait_for_selector("#chat-log li:not(.pending):has-text('Written with the keyboard') time")
        assert focused(page) == "body"

        # Reacting: the button keeps the focus, says it is pressed, and the message is not rebuilt.
        heart = "#chat-log li:has-text('Older message 1') button[data-kind=heart]"
        page.focus(heart)
        page.keyboard.press("Enter")
        page.wait_for_selector(heart + "[aria-pressed=true]")
        page.wait_for_function("() => document.activeElement.getAttribute('aria-label') === 'Heart 1'")
        assert page.evaluate("document.activeElement.closest('li').dataset.rendered") == "1"
        assert page.locator("#chat-log li[data-rendered='1']").count() == 8

        # Someone else writes while Rita reads from the top: she stays there and is offered the new ones.
        page.evaluate("window.scrollTo(0, 0)")
        writer = new_page()
        from .test_live_chat_flow import log_in, open_chat

        log_in(writer, url, "writer")
        open_chat(writer, url, channel_id)
        writer.fill("#body", "A new one while Rita reads")
        writer.click("#composer button[type=submit]")
        page.wait_for_selector("#chat-log li:has-text('A new one while Rita reads')")
        page.wait_for_selector("#chat-new:visible")
        assert page.evaluate("window.scrollY") == 0
        page.click("#chat-new")
        assert focused(page) == "body"
        assert page.is_hidden("#chat-new")
    finally:
        page.context.close()

"""Long lists come a page at a time: a heavy writer's data page by page (and the download still whole),
the coordinator's volunteers and request queue."""
import json
import re
import uuid

from aftercare.chat.models import Message
from aftercare.chat.services import channel_for_group
from aftercare.extensions import db
from aftercare.matching.models import TimeGiver, TimeGiverRequest
from aftercare.timeutil import utcnow

from ..mydata.reading import every_part


def _note(n):
    return f"note-{n:04d}"


def _write(user, channel, count):
    for n in range(1, count + 1):
        channel.last_seq += 1
        db.session.add(Message(channel_id=channel.id, seq=channel.last_seq, author_id=user.id,
                               client_id=uuid.uuid4().hex, body=_note(n)))
    db.session.commit()


def test_a_heavy_writer_reads_their_messages_a_hundred_at_a_time_and_downloads_them_all(
        client, login, make_user, make_group):
    writer = make_user(display_name="Siv")
    group = make_group(members=[writer])
    _write(writer, channel_for_group(group), 130)
    login(client, writer)
    overview = client.get("/account/my-data").get_data(as_text=True)
    assert _note(1) not in overview and "section=chat" in overview

    first = client.get("/account/my-data?section=chat").get_data(as_text=True)
    assert _note(1) in first and _note(100) in first and _note(101) not in first
    assert "Page 1 of 2" in first and "page=2" in first
    second = client.get("/account/my-data?section=chat&page=2").get_data(as_text=True)
    assert _note(101) in second and _note(130) in second and _note(100) not in second
    assert client.get("/account/my-data?section=chat&page=3").status_code == 404
    assert client.get("/account/my-data?section=nothing-like-it").status_code == 404

    everything = every_part(client)
    assert all(_note(n) in everything for n in range(1, 131))

    response = client.get("/account/my-data.json")
    assert response.is_streamed and response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.get_data(as_text=True))
    assert [m["body"] for m in data["sections"]["chat"]["messages"]] == [_note(n) for n in range(1, 131)]


def _names(html):
    return re.findall(r"<strong>(Volunteer \d+|Asker \d+)</strong>", html)


def test_the_coordinator_sees_volunteers_fifty_at_a_time(client, login, make_user):
    coordinator = make_user(["coordinator"])
    for n in range(53):
        volunteer = make_user(display_name=f"Volunteer {n}")
        db.session.add(TimeGiver(user_id=volunteer.id, state="applied", motivation="Time to give", area="Oslo"))
    db.session.commit()
    login(client, coordinator)
    overview = client.get("/time-givers/coordinate").get_data(as_text=True)
    assert _names(overview) == [f"Volunteer {n}" for n in range(50)]
    assert "All 53, a page at a time" in overview

    rest = client.get("/time-givers/coordinate?state=applied&page=2").get_data(as_text=True)
    assert _names(rest) == ["Volunteer 50", "Volunteer 51", "Volunteer 52"]
    assert "Page 2 of 2" in rest
    assert client.get("/time-givers/coordinate?state=nonsense").status_code == 404


def test_the_request_queue_comes_a_page_at_a_time_longest_waiting_first(client, login, make_user):
    coordinator = make_user(["coordinator"])
    for n in range(52):
        asker = make_user(display_name=f"Asker {n}")
        db.session.add(TimeGiverRequest(participant_id=asker.id, open_participant_id=asker.id, state="waiting",
                                        created_at=utcnow()))
        db.session.commit()
    login(client, coordinator)
    first = client.get("/time-givers/coordinate/requests").get_data(as_text=True)
    assert _names(first) == [f"Asker {n}" for n in range(50)] and "(52)" in first
    second = client.get("/time-givers/coordinate/requests?page=2").get_data(as_text=True)
    assert _names(second) == ["Asker 50", "Asker 51"]
    # A page past the end shows the last one rather than nothing.
    assert _names(client.get("/time-givers/coordinate/requests?page=9").get_data(as_text=True)) == _names(second)

"""The data export holds only what is the person's own or addressed to them: their own check-in answer,
never the other side's; a farewell written to them, and the one they wrote."""
import json
from datetime import date

from aftercare.extensions import db
from aftercare.matching.services.matches import end_match

from ..matching.factories import MatchingFactories
from ..mydata.reading import every_part

TIME_GIVER_ANSWER, PARTICIPANT_ANSWER = date(2026, 3, 4), date(2026, 5, 6)


def _export(app, login, user):
    client = app.test_client()
    login(client, user)
    data = json.loads(client.get("/account/my-data.json").data)["sections"]["time_givers"]["matches"]
    return data, every_part(client)


def test_each_side_exports_only_its_own_check_in_answer(app, login, factories):
    mf = MatchingFactories(factories)
    match = mf.match()
    match.time_giver_checked_in_for, match.participant_checked_in_for = TIME_GIVER_ANSWER, PARTICIPANT_ANSWER
    db.session.commit()
    participant, time_giver = match.participant, match.time_giver.user

    [mine], page = _export(app, login, participant)
    assert mine["participant_checked_in_for"] == PARTICIPANT_ANSWER.isoformat()
    assert "time_giver_checked_in_for" not in mine and TIME_GIVER_ANSWER.isoformat() not in json.dumps(mine)
    assert "Participant&#39;s last check-in" in page and "Time-giver&#39;s last check-in" not in page

    [theirs], page = _export(app, login, time_giver)
    assert theirs["time_giver_checked_in_for"] == TIME_GIVER_ANSWER.isoformat()
    assert "participant_checked_in_for" not in theirs
    assert "Time-giver&#39;s last check-in" in page and "Participant&#39;s last check-in" not in page


def test_a_farewell_reaches_the_export_of_the_person_it_was_written_to(app, login, factories):
    mf = MatchingFactories(factories)
    match = mf.match()
    participant, time_giver = match.participant, match.time_giver.user
    end_match(time_giver, match, farewell="FAREWELL-FOR-YOU: take care of yourself")

    [received], page = _export(app, login, participant)
    assert received["farewell_to_you"] == "FAREWELL-FOR-YOU: take care of yourself"
    assert "farewell_you_wrote" not in received
    assert "Farewell written to you" in page and "FAREWELL-FOR-YOU" in page

    [written], page = _export(app, login, time_giver)
    assert written["farewell_you_wrote"] == "FAREWELL-FOR-YOU: take care of yourself"
    assert "farewell_to_you" not in written and "Your farewell" in page


def test_no_farewell_means_no_farewell_line(app, login, factories):
    mf = MatchingFactories(factories)
    match = mf.match()
    end_match(match.time_giver.user, match)
    [received], _page = _export(app, login, match.participant)
    assert "farewell_to_you" not in received

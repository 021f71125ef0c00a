"""Each time-giver step tells the people it needs, and only them; the coordinator never learns a reason,
an answer or a farewell; acting on the step takes it out of "new"."""
from datetime import timedelta

from aftercare.extensions import db
from aftercare.matching.services import applications, matches, proposals
from aftercare.timeutil import local_today

from .conftest import all_texts, in_both_languages, new, notes, only_told


def test_a_new_application_tells_every_coordinator_and_deciding_clears_it(mf, make_user):
    other_coordinator = make_user(["coordinator"])
    applicant = make_user()
    coordinator = mf.coordinator
    application = mf.application(applicant)
    told = only_told("time_giver_applied", [coordinator, other_coordinator], [applicant])
    assert told.link == f"/time-givers/coordinate/volunteers/{application.id}"
    in_both_languages(told)

    today = local_today()
    applications.record_vetting(coordinator, application, interview_on=today, training_on=today,
                                certificate_seen_on=today, certificate_expires_on=today + timedelta(days=700))
    applications.approve(coordinator, application)
    assert new(coordinator, "time_giver_applied") == [] and new(other_coordinator, "time_giver_applied") == []
    approved = only_told("application_approved", [applicant], [coordinator, other_coordinator])
    assert approved.link == "/time-givers/volunteer"
    in_both_languages(approved)


def test_a_declined_application_tells_the_applicant_without_the_reason(mf, make_user):
    applicant = make_user()
    application = mf.application(applicant)
    applications.decline(mf.coordinator, application, "WE ARE FULL RIGHT NOW")
    told = only_told("application_declined", [applicant], [mf.coordinator])
    assert "WE ARE FULL" not in all_texts(applicant)
    in_both_languages(told)


def test_a_request_tells_the_coordinators_and_a_proposal_clears_it(mf, make_user):
    participant = make_user(display_name="Lise")
    assert mf.coordinator  # the coordinator's account exists before the request
    made = mf.request(participant, wishes="A PRIVATE WISH")
    told = only_told("time_giver_requested", [mf.coordinator], [participant])
    assert told.link == f"/time-givers/coordinate/requests/{made.id}"
    assert "PRIVATE WISH" not in all_texts(mf.coordinator)
    in_both_languages(told)
    mf.proposal(made)
    assert new(mf.coordinator, "time_giver_requested") == []


def test_a_proposal_asks_the_participant_first_and_then_the_time_giver(mf, make_user):
    participant = make_user(display_name="Lise")
    time_giver = mf.time_giver()
    proposal = mf.proposal(mf.request(participant), time_giver)
    asked = only_told("time_giver_proposed", [participant], [time_giver.user, mf.coordinator])
    assert asked.link == f"/time-givers/proposals/{proposal.id}" and asked.about == f"match_proposal:{proposal.id}"
    in_both_languages(asked)
    # The time-giver hears nothing before the participant has said yes.
    assert notes(time_giver.user, "participant_suggested") == []

    proposals.respond(participant, proposal, True)
    assert new(participant, "time_giver_proposed") == []
    suggested = only_told("participant_suggested", [time_giver.user], [participant, mf.coordinator])
    assert suggested.link == f"/time-givers/proposals/{proposal.id}"
    in_both_languages(suggested)

    match = proposals.respond(time_giver.user, proposal, True)
    assert new(time_giver.user, "participant_suggested") == []
    started = only_told("match_started", [participant], [time_giver.user, mf.coordinator])
    assert started.link == f"/time-givers/matches/{match.id}"
    in_both_languages(started)
    for_coordinator = only_told("match_started_for_coordinator", [mf.coordinator], [participant, time_giver.user])
    in_both_languages(for_coordinator)


def test_a_participant_s_no_reaches_the_coordinator_as_declined_only(mf, make_user):
    participant = make_user(display_name="Lise")
    time_giver = mf.time_giver()
    proposal = mf.proposal(mf.request(participant), time_giver)
    proposals.respond(participant, proposal, False)
    assert new(participant, "time_giver_proposed") == []
    told = only_told("proposal_declined", [mf.coordinator], [participant, time_giver.user])
    assert told.link == f"/time-givers/coordinate/requests/{proposal.request_id}"
    in_both_languages(told)
    # The time-giver never saw the proposal and is not told of it at all.
    assert all_texts(time_giver.user).count("suggest") == 0


def test_a_time_giver_s_no_tells_the_participant_and_the_coordinator(mf, make_user):
    participant = make_user(display_name="Lise")
    proposal = mf.proposal(mf.request(participant), accepted_by_participant=True)
    time_giver_user = proposal.time_giver.user
    proposals.respond(time_giver_user, proposal, False)
    assert new(time_giver_user, "participant_suggested") == []
    told = only_told("time_giver_declined", [participant], [time_giver_user, mf.coordinator])
    assert told.link == "/time-givers/my-request"
    in_both_languages(told)
    only_told("proposal_declined", [mf.coordinator], [participant, time_giver_user])


def test_withdrawing_a_proposal_clears_it_for_the_participant(mf, make_user):
    participant = make_user()
    proposal = mf.proposal(mf.request(participant))
    proposals.withdraw(mf.coordinator, proposal)
    assert len(notes(participant, "time_giver_proposed")) == 1 and new(participant, "time_giver_proposed") == []


def test_ending_a_match_tells_only_the_other_side_by_name_and_never_the_farewell(mf, make_user):
    participant = make_user(display_name="Lise")
    match = mf.match(mf.request(participant))
    time_giver_user = match.time_giver.user
    matches.end_match(participant, match, farewell="THANK YOU FOR THE WALKS")
    told = only_told("match_ended", [time_giver_user], [participant, mf.coordinator])
    assert told.link == f"/time-givers/matches/{match.id}"
    in_both_languages(told, "Lise")
    assert "THANK YOU" not in all_texts(time_giver_user) and "THANK YOU" not in all_texts(mf.coordinator)
    assert "Lise" not in all_texts(mf.coordinator)


def test_the_check_in_is_announced_once_to_both_and_answering_clears_it(mf, make_user):
    participant = make_user()
    match = mf.match(mf.request(participant))
    time_giver_user = match.time_giver.user
    due = match.check_in_due_on
    assert matches.announce_check_ins(due - timedelta(days=1)) == 0
    assert matches.announce_check_ins(due) == 1
    assert matches.announce_check_ins(due + timedelta(days=1)) == 0  # once per check-in
    told = only_told("match_check_in", [participant, time_giver_user], [mf.coordinator])
    assert told.link == f"/time-givers/matches/{match.id}"
    in_both_languages(told)
    matches.check_in(participant, match, today=due)
    assert new(participant, "match_check_in") == [] and len(new(time_giver_user, "match_check_in")) == 1


def test_an_expiring_police_certificate_warns_the_time_giver_and_the_coordinators_once(mf, make_user):
    volunteer = make_user(display_name="Tor")
    time_giver = mf.time_giver(volunteer, certificate_days=30)
    other = mf.time_giver()  # a certificate valid for long
    assert applications.warn_expiring_certificates() == 1
    assert applications.warn_expiring_certificates() == 0
    mine = only_told("certificate_expiring", [volunteer], [mf.coordinator, other.user])
    assert mine.link == "/time-givers/volunteer"
    in_both_languages(mine)
    theirs = only_told("certificate_expiring_for_coordinator", [mf.coordinator], [volunteer, other.user])
    assert theirs.link == f"/time-givers/coordinate/volunteers/{time_giver.id}"
    in_both_languages(theirs, "Tor")

    today = local_today()
    applications.record_vetting(mf.coordinator, time_giver, certificate_seen_on=today,
                                certificate_expires_on=today + timedelta(days=700))
    assert new(volunteer, "certificate_expiring") == [] and new(mf.coordinator,
                                                                "certificate_expiring_for_coordinator") == []
    db.session.refresh(time_giver)
    assert applications.warn_expiring_certificates() == 0


def test_the_name_of_someone_who_deleted_their_account_becomes_a_former_member(mf, make_user):
    from flask_babel import force_locale

    from aftercare.accounts.services import delete_account
    from aftercare.notifications.services import text_of
    from tests.factories import DEFAULT_PASSWORD

    participant = make_user(display_name="Lise")
    match = mf.match(mf.request(participant))
    time_giver_user = match.time_giver.user
    matches.end_match(participant, match)
    delete_account(participant, participant, DEFAULT_PASSWORD)
    [told] = notes(time_giver_user, "match_ended")
    with force_locale("en"):
        assert text_of(told) == "A former member has ended your pairing"
    with force_locale("nb"):
        assert "Lise" not in text_of(told)

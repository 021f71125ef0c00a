"""Applying, vetting (the checklist, approval, decline) and the time-giver's states."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from aftercare.accounts.models import Role
from aftercare.exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from aftercare.extensions import db
from aftercare.matching.models import RequestState, TimeGiver, TimeGiverState
from aftercare.matching.services import applications
from aftercare.timeutil import local_today

from .factories import PROFILE


def count():
    return db.session.scalar(select(func.count()).select_from(TimeGiver))


def test_apply_stores_a_clean_application(make_user):
    user = make_user()
    application = applications.apply(user, declaration_signed=True, **dict(
        PROFILE, interests="Music,  nature , music", other_activities="chess, Walks", languages=["en", "nb"],
        availability=["5-morning", "1-evening"], capacity="2", gender="woman"))
    assert application.state == TimeGiverState.APPLIED
    assert application.interests == ["Music", "nature"]
    assert application.activities == ["walks", "coffee", "chess"]  # "Walks" typed freely is the listed one
    assert application.languages == ["nb", "en"]
    assert application.availability == ["1-evening", "5-morning"]
    assert (application.capacity, application.gender, application.places_taken) == (2, "woman", 0)
    assert application.declaration_signed_at is not None
    assert Role.TIME_GIVER not in user.roles  # only approval makes a time-giver


def test_free_activities_in_norwegian_count_as_the_listed_ones(make_user):
    application = applications.apply(make_user(), declaration_signed=True, **dict(
        PROFILE, activities=[], other_activities="Fisking, brettspill, Strikking"))
    assert application.activities == ["fishing", "board games", "Strikking"]


@pytest.mark.parametrize("roles", [["professional"], ["coordinator"], ["participant", "coordinator"]])
def test_professionals_and_coordinators_cannot_apply(make_user, roles):
    with pytest.raises(PermissionDenied):
        applications.apply(make_user(roles), declaration_signed=True, **PROFILE)
    assert count() == 0


@pytest.mark.parametrize("change,field", [
    ({"languages": ["nb", "xx"]}, "languages"),
    ({"languages": []}, "languages"),
    ({"availability": ["7-morning"]}, "availability"),
    ({"availability": ["1-night"]}, "availability"),
    ({"availability": ["1-evening", "<script>"]}, "availability"),
    ({"availability": []}, "availability"),
    ({"capacity": 0}, "capacity"),
    ({"capacity": 4}, "capacity"),
    ({"capacity": "many"}, "capacity"),
    ({"motivation": "  "}, "motivation"),
    ({"area": ""}, "area"),
    ({"activities": ["skydiving"]}, "activities"),
    ({"other_activities": "x" * 41}, "other_activities"),
    ({"interests": ", ".join(f"i{n}" for n in range(13))}, "interests"),
    ({"gender": "robot"}, "gender"),
    ({"boundaries": "no\x00pe"}, "boundaries"),
])
def test_bad_applications_store_nothing(make_user, change, field):
    with pytest.raises(ValidationFailed) as error:
        applications.apply(make_user(), declaration_signed=True, **dict(PROFILE, **change))
    assert error.value.field == field and str(error.value.message)
    assert count() == 0


def test_the_declaration_must_be_signed(make_user):
    with pytest.raises(ValidationFailed) as error:
        applications.apply(make_user(), declaration_signed=False, **PROFILE)
    assert error.value.field == "declaration" and count() == 0


def test_one_application_at_a_time_but_again_after_a_decline(make_user, mf):
    user = make_user()
    application = mf.application(user)
    with pytest.raises(Conflict):
        mf.application(user)
    applications.decline(mf.coordinator, application, "We need more volunteers in Bergen only.")
    again = mf.application(user, motivation="Trying again")
    assert again.id == application.id and again.state == TimeGiverState.APPLIED
    assert again.decline_reason == "" and again.decided_at is None


def test_checklist_records_who_and_when_but_no_document(mf):
    application = mf.application()
    today = local_today()
    applications.record_vetting(mf.coordinator, application, interview_on=today - timedelta(days=3))
    assert application.interview_on == today - timedelta(days=3)
    assert application.interview_recorded_by_id == mf.coordinator.id
    assert applications.missing_checks(application, today) == ["training", "certificate"]
    applications.record_vetting(mf.coordinator, application, training_on=today, certificate_seen_on=today,
                                certificate_expires_on=today + timedelta(days=365))
    assert application.certificate_seen_by_id == mf.coordinator.id
    assert applications.missing_checks(application, today) == []
    document_columns = [c.name for c in TimeGiver.__table__.columns if "file" in c.name or "document" in c.name]
    assert document_columns == []


@pytest.mark.parametrize("values,field", [
    ({"interview_on": 1}, "interview_on"),
    ({"certificate_seen_on": 0}, "certificate_expires_on"),
    ({"certificate_seen_on": 0, "certificate_expires_on": 0}, "certificate_expires_on"),
    ({"certificate_seen_on": 0, "certificate_expires_on": -5}, "certificate_expires_on"),
])
def test_checklist_refuses_impossible_dates(mf, values, field):
    application = mf.application()
    today = local_today()
    with pytest.raises(ValidationFailed) as error:
        applications.record_vetting(mf.coordinator, application,
                                    **{k: today + timedelta(days=v) for k, v in values.items()})
    assert error.value.field == field
    db.session.refresh(application)
    assert application.interview_on is None and application.certificate_seen_on is None


def test_approval_needs_the_checklist_and_grants_the_time_giver_kind(mf):
    application = mf.application()
    with pytest.raises(ValidationFailed):
        applications.approve(mf.coordinator, application)
    today = local_today()
    applications.record_vetting(mf.coordinator, application, interview_on=today, training_on=today,
                                certificate_seen_on=today, certificate_expires_on=today + timedelta(days=30))
    applications.approve(mf.coordinator, application)
    assert application.state == TimeGiverState.APPROVED and application.decided_by_id == mf.coordinator.id
    assert Role.TIME_GIVER in application.user.roles
    with pytest.raises(Conflict):
        applications.approve(mf.coordinator, application)


def test_only_other_coordinators_vet(make_user, mf):
    application = mf.application()
    for outsider in (make_user(["participant"]), make_user(["admin"]), make_user(["professional"]),
                     application.user):
        with pytest.raises(NotFound):
            applications.record_vetting(outsider, application, interview_on=local_today())
        with pytest.raises(NotFound):
            applications.decline(outsider, application, "no")
        with pytest.raises(NotFound):
            applications.get_for_vetting(outsider, application.id)


def test_decline_needs_a_reason_the_applicant_reads(mf):
    application = mf.application()
    with pytest.raises(ValidationFailed):
        applications.decline(mf.coordinator, application, "   ")
    assert application.state == TimeGiverState.APPLIED
    applications.decline(mf.coordinator, application, "We have no training this spring.")
    assert application.state == TimeGiverState.DECLINED
    assert application.decline_reason == "We have no training this spring."
    with pytest.raises(Conflict):
        applications.decline(mf.coordinator, application, "again")


def test_ready_pause_resume_and_retire(mf):
    time_giver = mf.time_giver(state=TimeGiverState.APPROVED)
    user = time_giver.user
    applications.change_state(user, time_giver, "activate")
    assert time_giver.state == TimeGiverState.ACTIVE
    applications.change_state(mf.coordinator, time_giver, "pause")
    assert time_giver.state == TimeGiverState.PAUSED
    with pytest.raises(Conflict):
        applications.change_state(user, time_giver, "pause")
    applications.change_state(user, time_giver, "activate")
    applications.change_state(user, time_giver, "retire")
    assert time_giver.state == TimeGiverState.RETIRED
    assert Role.TIME_GIVER in user.roles  # history is kept
    with pytest.raises(NotFound):
        applications.change_state(user, time_giver, "activate")


def test_others_cannot_change_a_time_givers_state(make_user, mf):
    time_giver = mf.time_giver()
    for outsider in (make_user(["participant"]), make_user(["time_giver"]), make_user(["admin"])):
        with pytest.raises(NotFound):
            applications.change_state(outsider, time_giver, "pause")
    with pytest.raises(ValidationFailed):
        applications.change_state(time_giver.user, time_giver, "explode")
    assert time_giver.state == TimeGiverState.ACTIVE


def test_an_expired_certificate_blocks_activation(mf):
    time_giver = mf.time_giver(state=TimeGiverState.PAUSED, certificate_days=-1)
    with pytest.raises(ValidationFailed):
        applications.change_state(time_giver.user, time_giver, "activate")
    assert time_giver.state == TimeGiverState.PAUSED


def test_retiring_waits_for_active_matches_and_withdraws_open_proposals(mf):
    time_giver = mf.time_giver(capacity=2)
    match = mf.match(time_giver=time_giver)
    open_request = mf.request()
    proposal = mf.proposal(open_request, time_giver)
    with pytest.raises(ValidationFailed):
        applications.change_state(time_giver.user, time_giver, "retire")
    from aftercare.matching.services import matches

    matches.end_match(match.participant, match)
    applications.change_state(time_giver.user, time_giver, "retire")
    db.session.refresh(proposal)
    db.session.refresh(open_request)
    assert proposal.state == "withdrawn" and open_request.state == RequestState.WAITING
    assert db.session.get(TimeGiver, time_giver.id).places_taken == 0


def test_follow_ups_show_expiring_certificates_and_long_pauses_ahead_of_time(mf):
    today = local_today()
    soon = mf.time_giver(certificate_days=40)
    expired = mf.time_giver(state=TimeGiverState.PAUSED, certificate_days=-3)
    fine = mf.time_giver(certificate_days=400)
    paused_long = mf.time_giver(state=TimeGiverState.PAUSED)
    paused_long.state_changed_at = paused_long.state_changed_at - timedelta(days=155)
    paused_short = mf.time_giver(state=TimeGiverState.PAUSED)
    db.session.commit()
    _lists, _counts, follow_ups = applications.vetting_lists(mf.coordinator, today)
    found = {(tg.id, kind) for tg, kind, _when in follow_ups}
    assert (soon.id, "certificate_expires") in found
    assert (expired.id, "certificate_expired") in found
    assert (paused_long.id, "long_pause") in found
    assert not {fine.id, paused_short.id} & {tg_id for tg_id, _kind in found}


def test_vetting_lists_are_for_coordinators(make_user):
    with pytest.raises(PermissionDenied):
        applications.vetting_lists(make_user(["admin"]))


def test_capacity_cannot_drop_below_current_matches(mf):
    time_giver = mf.time_giver(capacity=2)
    mf.match(time_giver=time_giver)
    mf.proposal(time_giver=time_giver)
    with pytest.raises(ValidationFailed) as error:
        applications.update_profile(time_giver.user, time_giver, **dict(PROFILE, capacity=1))
    assert error.value.field == "capacity"
    applications.update_profile(time_giver.user, time_giver, **dict(PROFILE, capacity=3, area="Bergen"))
    assert (time_giver.capacity, time_giver.area, time_giver.state) == (3, "Bergen", TimeGiverState.ACTIVE)

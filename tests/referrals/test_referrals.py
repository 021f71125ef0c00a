"""Referrals: making, redeeming, owning, the referrer's view, coordinators' notes, bad codes."""
from datetime import timedelta

import pytest

from aftercare.audit.models import AuditEntry
from aftercare.exceptions import NotFound, PermissionDenied, ValidationFailed
from aftercare.extensions import db
from aftercare.referrals import services
from aftercare.referrals.models import Referral
from aftercare.timeutil import utcnow

PROFILE = dict(username="newperson", display_name="Kari", password="a long and private sentence")


@pytest.fixture
def professional(make_user):
    return make_user(["professional"])


def test_code_is_grouped_unambiguous_and_only_hashed(professional):
    referral, code = services.create_referral(professional, note="Wants a group for mothers", wants="group")
    assert len(code) == 11 and code[5] == "-"
    assert all(ch in services.ALPHABET for ch in code.replace("-", ""))
    assert code.replace("-", "") not in referral.invitation.token_hash
    assert services.normalise(code.lower().replace("-", " ")) == code.replace("-", "")


def test_only_verified_professionals_refer(make_user):
    for user in (make_user(["professional"], verified=False), make_user(["coordinator"]), make_user(["admin"])):
        with pytest.raises(PermissionDenied):
            services.create_referral(user)


def test_long_note_is_refused_and_nothing_stored(professional):
    with pytest.raises(ValidationFailed):
        services.create_referral(professional, note="x" * 1001)
    assert db.session.query(Referral).count() == 0


def test_redeem_gives_participant_account_that_owns_the_referral(professional):
    referral, code = services.create_referral(professional, note="Time-giver please", wants="time_giver")
    user = services.redeem(code, **PROFILE)
    assert user.has_role("participant") and not user.has_role("professional")
    assert services.owned_referral(user).id == referral.id
    # The referrer still sees "not used yet, or not shared": nothing leaks without consent.
    assert services.referrals_made_by(professional)[0][1] == "open"
    services.set_tell_referrer(user, referral.id, True)
    assert services.referrals_made_by(professional)[0][1] == "used"
    services.set_tell_referrer(user, referral.id, False)
    assert services.referrals_made_by(professional)[0][1] == "open"


def test_used_expired_and_forged_codes_are_refused(professional, make_user):
    _referral, code = services.create_referral(professional)
    services.redeem(code, **PROFILE)
    with pytest.raises(ValidationFailed) as used:
        services.redeem(code, **dict(PROFILE, username="another"))
    assert "already been used" in str(used.value.message)
    old, old_code = services.create_referral(professional)
    old.invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    with pytest.raises(ValidationFailed) as expired:
        services.redeem(old_code, **dict(PROFILE, username="third"))
    assert "expired" in str(expired.value.message)
    assert services.referrals_made_by(professional)[0][1] == "expired"
    for forged in ("", "ACDEF-GHJKM", "BBBBB-00000", "x" * 200):
        with pytest.raises(ValidationFailed):
            services.check_code(forged)
    assert db.session.query(Referral).filter(Referral.owner_id.is_not(None)).count() == 1


def test_owner_deletes_note_and_others_cannot(professional, make_user):
    referral, code = services.create_referral(professional, note="A group please", wants="group")
    owner = services.redeem(code, **PROFILE)
    with pytest.raises(NotFound):
        services.delete_note(make_user(), referral.id)
    with pytest.raises(NotFound):
        services.set_tell_referrer(professional, referral.id, True)
    services.delete_note(owner, referral.id)
    assert db.session.get(Referral, referral.id).note is None


def test_coordinator_reads_note_and_it_is_logged(professional, make_user):
    coordinator = make_user(["coordinator"])
    referral, code = services.create_referral(professional, note="A group please", wants="group")
    with pytest.raises(NotFound):
        services.open_note(coordinator, referral.id)  # not redeemed yet
    owner = services.redeem(code, **PROFILE)
    assert [r.id for r in services.notes_for_coordinator(coordinator)] == [referral.id]
    with pytest.raises(PermissionDenied):
        services.notes_for_coordinator(professional)
    with pytest.raises(NotFound):
        services.open_note(professional, referral.id)
    services.open_note(coordinator, referral.id)
    entry = db.session.query(AuditEntry).one()
    assert (entry.action, entry.subject_user_id, entry.actor_id) == ("coordinator.opened_referral", owner.id,
                                                                      coordinator.id)
    assert "A group please" not in str(entry.params)
    services.delete_note(owner, referral.id)
    assert services.notes_for_coordinator(coordinator) == []
    with pytest.raises(NotFound):
        services.open_note(coordinator, referral.id)


# --- pages ---

def test_pages_flow(client, login, professional, make_user):
    login(client, professional)
    assert "Your referrals" in client.get("/").get_data(as_text=True)
    response = client.post("/referrals/new", data={"wants": "group", "note": "Mothers' group"})
    printed = client.get(response.headers["Location"])
    page = printed.get_data(as_text=True)
    code = page.split('data-testid="referral-code">')[1].split("<")[0]
    # The code is shown once.
    assert code not in client.get(response.headers["Location"]).get_data(as_text=True)
    client.post("/logout")

    response = client.post("/referral", data={"code": code.lower()})
    assert response.headers["Location"].endswith("/referral/" + code)
    response = client.post("/referral/" + code, data=PROFILE)
    assert response.headers["Location"].endswith("/my-referral")
    page = client.get("/my-referral").get_data(as_text=True)
    assert "Mothers&#39; group" in page
    client.post("/my-referral/share", data={"tell_referrer": "y"})
    client.post("/logout")

    login(client, professional)
    page = client.get("/professional").get_data(as_text=True)
    assert "Used" in page and "Kari" not in page and "newperson" not in page


def test_bad_code_pages_are_clear_and_throttled(client, app):
    app.config["REFERRAL_CODE_LIMIT"] = "3 per 15 minutes"
    response = client.get("/referral/ACDEF-GHJKM")
    assert response.status_code == 410 and "not valid" in response.get_data(as_text=True)
    client.post("/referral", data={"code": "nonsense"})
    client.post("/referral", data={"code": "ACDEF-GHJKN"})
    assert client.post("/referral", data={"code": "ACDEF-GHJKP"}).status_code == 429


def test_referral_pages_closed_to_others(client, login, make_user, professional):
    referral, _code = services.create_referral(professional)
    for user, expected in ((make_user(["professional"], verified=False), 403), (make_user(["coordinator"]), 403)):
        login(client, user)
        assert client.get("/professional").status_code == expected
        assert client.get(f"/referrals/{referral.id}/print").status_code == expected
        client.post("/logout")
    other = make_user(["professional"])
    login(client, other)
    assert client.get(f"/referrals/{referral.id}/print").status_code == 404


def test_owner_deleting_account_takes_the_note_and_keeps_consent_meaning(professional):
    from aftercare.accounts.services import delete_account

    referral, code = services.create_referral(professional, note="Private wish")
    owner = services.redeem(code, **PROFILE)
    services.set_tell_referrer(owner, referral.id, True)
    delete_account(owner, owner, PROFILE["password"])
    db.session.expire_all()
    stored = db.session.get(Referral, referral.id)
    assert stored.note is None and stored.owner_id is None
    assert services.referrals_made_by(professional)[0][1] == "used"


def test_signed_in_people_cannot_redeem(client, login, make_user, professional):
    _referral, code = services.create_referral(professional)
    login(client, make_user())
    response = client.get("/referral/" + code)
    assert response.status_code == 302
    assert services.check_code(code)  # still open


def test_coordinator_note_page_is_logged(client, login, make_user, professional):
    coordinator = make_user(["coordinator"])
    referral, code = services.create_referral(professional, note="Evenings suit me", wants="either")
    services.redeem(code, **PROFILE)
    login(client, coordinator)
    assert "Kari" in client.get("/referrals/coordinate").get_data(as_text=True)
    page = client.get(f"/referrals/coordinate/{referral.id}").get_data(as_text=True)
    assert "Evenings suit me" in page
    assert db.session.query(AuditEntry).filter_by(action="coordinator.opened_referral").count() == 1


def test_purge_clears_notes_of_referrals_that_expired_unused(professional, runner):
    used, used_code = services.create_referral(professional, note="Kept by its owner")
    services.redeem(used_code, **PROFILE)
    unused, _code = services.create_referral(professional, note="Never redeemed")
    fresh, _fresh_code = services.create_referral(professional, note="Still open")
    for referral in (used, unused):
        referral.invitation.expires_at = utcnow() - timedelta(days=1)
    db.session.commit()
    result = runner.invoke(args=["purge-expired"])
    assert "notes of 1 referral" in result.output
    db.session.expire_all()
    assert [db.session.get(Referral, r.id).note for r in (used, unused, fresh)] == \
        ["Kept by its owner", None, "Still open"]


def test_professional_home_takes_sections_from_other_areas(client, login, professional, app):
    from aftercare.referrals import home

    login(client, professional)
    assert "Invitations as a guest" in client.get("/professional").get_data(as_text=True)
    saved = list(home._SECTIONS)
    home.register_section(lambda user: {"template": "referrals/invalid.html", "reason": "SECTION-MARK"})
    try:
        page = client.get("/professional").get_data(as_text=True)
    finally:
        home._SECTIONS[:] = saved
    assert "SECTION-MARK" in page

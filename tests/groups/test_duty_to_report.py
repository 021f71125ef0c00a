"""The group page tells members in plain words that its peer leaders and time-givers have no duty to
report to child welfare; such a sentence is never shown about a leader who is staff."""
import pytest

from aftercare import policy
from aftercare.accounts.models import Role, UserRole
from aftercare.extensions import db


@pytest.mark.parametrize("language, expected", [
    ("en", "they have no duty to report to child welfare. Time-givers are volunteers"),
    ("nb", "har de ingen opplysningsplikt til barnevernet. Tidsgivere er frivillige"),
])
def test_the_group_page_says_peer_leaders_and_time_givers_have_no_duty_to_report(app, login, make_user, make_group,
                                                                                 language, expected):
    member = make_user(locale=language)
    group = make_group(leaders=[make_user()], members=[member])
    client = app.test_client()
    login(client, member)
    page = client.get(f"/groups/{group.id}").get_data(as_text=True)
    assert expected in page


def test_the_sentence_is_not_shown_about_a_leader_who_is_staff(app, login, make_user, make_group):
    leader, member = make_user(), make_user()
    group = make_group(leaders=[leader], members=[member])
    leader.role_rows.append(UserRole(role=Role.COORDINATOR))
    db.session.commit()
    client = app.test_client()
    login(client, member)
    assert 'data-testid="no-duty-to-report"' not in client.get(f"/groups/{group.id}").get_data(as_text=True)


def test_who_counts_as_staff(make_user):
    assert not policy.is_staff(make_user())
    assert not policy.is_staff(make_user(["time_giver"]))
    assert not policy.is_staff(make_user(["professional"], verified=False))
    assert policy.is_staff(make_user(["professional"]))
    assert policy.is_staff(make_user(["coordinator"]))
    assert policy.is_staff(make_user(["admin"]))

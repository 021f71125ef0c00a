"""Acting on the thing a notification is about takes it out of "new" for the people asked, and only for them."""
import pytest

from aftercare.extensions import db
from aftercare.notifications import services


def test_acting_on_a_thing_marks_its_notifications_read(app, make_user):
    asked, other = make_user(), make_user()
    services.notify([asked.id, other.id], "group_no_leader", about="group:7", group="Torsdagsgruppa")
    services.notify([asked.id], "group_no_leader", about="group:8", group="Fredagsgruppa")
    db.session.commit()
    assert services.unread_count(asked) == 2

    services.acted_on([asked.id], "group:7")
    db.session.commit()

    assert services.unread_count(asked) == 1
    assert services.unread_count(other) == 1


def test_an_unregistered_kind_is_refused(app, make_user):
    with pytest.raises(ValueError):
        services.notify([make_user().id], "no_such_kind")

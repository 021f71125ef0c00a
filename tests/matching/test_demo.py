"""The demo data leaves a vetted, active time-giver and a waiting request, ready for a coordinator to match."""
from sqlalchemy import select

from aftercare.accounts.models import Role, User
from aftercare.extensions import db
from aftercare.matching.models import RequestState, TimeGiver, TimeGiverState
from aftercare.matching.services import proposals, requests as asks


def test_demo_time_giver_is_ready_for_the_demo_participant(runner):
    assert runner.invoke(args=["demo-data"]).exit_code == 0
    users = {user.username: user for user in db.session.scalars(select(User))}
    time_giver = db.session.scalar(select(TimeGiver).where(TimeGiver.user_id == users["timegiver"].id))
    assert time_giver.state == TimeGiverState.ACTIVE and Role.TIME_GIVER in users["timegiver"].roles
    waiting = asks.current_request(users["participant"])
    assert waiting.state == RequestState.WAITING
    suggested, _ruled_out = proposals.suggestions(users["coordinator"], waiting)
    assert [tg.id for tg, _reasons in suggested] == [time_giver.id]

"""A GET never writes: every page of the access walk, opened by the people the world belongs to and by
outsiders, sends no INSERT, UPDATE or DELETE to the database (the login's "last seen" touch aside)."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import event

from aftercare.accounts.models import User
from aftercare.extensions import db
from aftercare.groups.models import RuleProposal
from aftercare.timeutil import utcnow

from .test_access_walk import build_world, urls

_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b\s+(?:INTO\s+|FROM\s+)?\"?(\w+)", re.IGNORECASE)
# The login-session touch (STYLE.md: "a GET never writes, the login-session touch aside").
_TOUCH_TABLES = {"login_sessions"}
# Not changes to the data a page shows: the my-data export's lock, taken and given back within the request
# (it keeps one person's exports from running twice at once), and the audit log's record that someone's
# file was read, which is made where the reading happens.
_BOOKKEEPING = {("INSERT", "data_export_locks"), ("DELETE", "data_export_locks"), ("INSERT", "audit_entries")}


class WriteRecorder:
    """Collects the writing statements sent to the database while it listens."""

    def __init__(self):
        self.writes = []

    def __call__(self, _conn, _cursor, statement, _parameters, _context, _executemany):
        found = _WRITE.match(statement)
        if found is None:
            return
        kind, table = found.group(1).upper(), found.group(2).lower()
        if table not in _TOUCH_TABLES and (kind, table) not in _BOOKKEEPING:
            self.writes.append(f"{kind} {table}")


def _walkers(factories, values):
    from aftercare.groups.models import Group

    group = db.session.get(Group, values["group_id"])
    member = db.session.get(User, values["user_id"])
    leader = next(m.user for m in group.memberships if m.role == "leader")
    return {"member": member, "leader": leader, "coordinator": db.session.get(User, group.created_by_id),
            "admin": factories.user(["admin"]), "professional": factories.user(["professional"])}


def _decision_due(values):
    """The walk's rule proposal is past its deadline with no objection: a GET that settles decisions would
    adopt it."""
    proposal = db.session.get(RuleProposal, values["proposal_id"])
    proposal.method, proposal.deadline = "no_objection", utcnow() - timedelta(minutes=1)
    proposal.votes.clear()
    db.session.commit()


@pytest.mark.parametrize("who", ["member", "leader", "coordinator", "admin", "professional"])
def test_no_get_of_the_walk_writes(app, client, login, factories, who):
    values = build_world(factories)
    _decision_due(values)
    walker = _walkers(factories, values)[who]
    login(client, walker)
    recorder = WriteRecorder()
    event.listen(db.engine, "before_cursor_execute", recorder)
    written = {}
    try:
        for _endpoint, url in urls(app, values):
            recorder.writes.clear()
            response = client.get(url)
            assert response.status_code < 500, url
            if recorder.writes:
                written[url] = sorted(set(recorder.writes))
    finally:
        event.remove(db.engine, "before_cursor_execute", recorder)
    assert not written, "GETs that wrote:\n" + "\n".join(f"{url}: {w}" for url, w in sorted(written.items()))
    db.session.expire_all()
    assert db.session.get(RuleProposal, values["proposal_id"]).status == "open"


def test_the_recorder_sees_a_write(app, client, login, factories):
    """The listener really catches what a request writes (a POST that changes a row)."""
    values = build_world(factories)
    member = db.session.get(User, values["user_id"])
    login(client, member)
    recorder = WriteRecorder()
    event.listen(db.engine, "before_cursor_execute", recorder)
    try:
        client.post(f"/groups/{values['group_id']}/leave")
    finally:
        event.remove(db.engine, "before_cursor_execute", recorder)
    assert "UPDATE group_memberships" in recorder.writes

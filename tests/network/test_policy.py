"""Who may use the person's own tools: a role × action matrix on plain objects (no app, no database)."""
from types import SimpleNamespace

import pytest

from aftercare import policy

from ..test_policy import ACTORS

OWN = SimpleNamespace(owner_id=1)  # every actor of the matrix has id 1
SOMEONE_ELSES = SimpleNamespace(owner_id=98)

ACTIONS = {
    "open_own_tools": lambda u: policy.can_keep_network_tools(u),
    "use_own_entry": lambda u: policy.can_use_network_item(u, OWN),
    "use_someone_elses_entry": lambda u: policy.can_use_network_item(u, SOMEONE_ELSES),
    "use_a_missing_item": lambda u: policy.can_use_network_item(u, None),
    "use_an_ownerless_item": lambda u: policy.can_use_network_item(u, SimpleNamespace(owner_id=None)),
}
PARTICIPANTS = {"participant", "participant_and_coordinator"}


def expected(actor, action):
    if action in ("open_own_tools", "use_own_entry"):
        return actor in PARTICIPANTS
    return False  # nobody — not a coordinator, time-giver, professional or admin — sees another's tools


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("actor", sorted(ACTORS))
def test_network_matrix(actor, action):
    assert ACTIONS[action](ACTORS[actor]) is expected(actor, action)


def test_a_disabled_participant_keeps_nothing_open():
    disabled = SimpleNamespace(**{**vars(ACTORS["participant"]), "is_active": False})
    assert not policy.can_keep_network_tools(disabled)
    assert not policy.can_use_network_item(disabled, OWN)


def test_the_policies_are_template_tests(app):
    assert "can_keep_network_tools" in app.jinja_env.tests
    assert "can_use_network_item" in app.jinja_env.tests

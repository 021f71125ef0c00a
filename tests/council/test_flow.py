"""A council from her questions to the follow-up meeting, through the pages, as each role sees it."""
from .flow import CouncilWorld


def test_a_council_end_to_end(app, factories, login):
    world = CouncilWorld(app, factories, login).run_to("statement")
    council = world.council
    assert council.agreed and council.invitees[0].answer == "yes"
    assert council.statements[0].state == "approved"
    # The coordinator sees questions, invitees with contact details and logistics; the professional only theirs.
    page = world.coordinator_client.get(f"/council/coordinate/{world.council_id}").get_data(as_text=True)
    assert "How can I keep my home?" in page and "KARI-PHONE" in page and "Mari&#39;s kitchen" in page
    page = world.professional_client.get(f"/council/statements/{world.statement_id}").get_data(as_text=True)
    assert "How can I keep my home?" in page and "friends" not in page and "KARI" not in page
    # The invitee sees her words and questions.
    page = world.kari_client.get("/council/invited").get_data(as_text=True)
    assert "INVITE-WORDS" in page and "How can I keep my home?" in page
    world.private_part()
    assert world.coordinator_client.get(f"/council/coordinate/{world.council_id}").status_code == 404
    assert world.coordinator_client.get("/council/coordinate").get_data(as_text=True).count("Mari") == 0
    assert world.professional_client.get(f"/council/statements/{world.statement_id}").status_code == 404
    world.plan()
    assert len(world.council.lines) == 2
    world.decision()
    page = world.coordinator_client.get(f"/council/coordinate/{world.council_id}").get_data(as_text=True)
    assert "LINE-ONE" in page
    world.finish()
    council = world.council
    assert council.phase == "following_up" and len(council.versions) == 1
    assert sorted(council.versions[0].data["signatures"]) == ["Kari", "Mari"]
    # Kari has her copy and marks her line.
    page = world.kari_client.get("/council/invited").get_data(as_text=True)
    assert "LINE-ONE" in page and "LINE-TWO" in page
    line = next(line for line in council.lines if line.owner_kind == "invitee")
    world.post(world.kari_client, "/council/invited", action="mark", line=line.id, mark="done")
    assert world.council.lines[0].mark == "done"
    # The follow-up meeting: everyone re-invited in one step; its agenda shows the marks; a new version.
    world.post(world.coordinator_client, f"/council/coordinate/{world.council_id}", action="follow_up")
    assert world.council.phase == "preparing" and world.council.invitees[0].answer is None
    page = world.owner_client.get(world.url("/meeting")).get_data(as_text=True)
    assert "LINE-ONE" in page and "Done" in page
    world.private_part()
    world.decision()
    world.finish()
    assert [v.number for v in world.council.versions] == [1, 2]

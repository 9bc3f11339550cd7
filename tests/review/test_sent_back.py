"""A document an approver sends back is flagged in the clerks' review list with who sent it back
and what they asked, until it is submitted again."""
from __future__ import annotations

from portal.approvals import services as approvals
from portal.extensions import db
from portal.review import services as review
from tests.workflow import import_world, processed_document


def test_a_sent_back_document_is_flagged_with_the_approvers_comment(app, make_user, client, auth):
    import_world()
    clerk, approver = make_user("clerk"), make_user("approver")
    sent_back, untouched = processed_document(user=clerk), processed_document(user=clerk)
    review.submit(sent_back, clerk)
    [step] = approvals.chain(sent_back)
    approvals.decide(step.id, approver, "return", "Attach the delivery note, please")
    db.session.commit()
    auth.login(clerk.email)
    page = client.get("/review/").get_data(as_text=True)
    assert "1 sent back" in page
    assert "Sent back by Approver:</strong> Attach the delivery note, please" in page
    assert page.count("Sent back by") == 1  # the other document is not flagged
    assert "Attach what was asked for" in client.get(f"/review/{sent_back.id}").get_data(as_text=True)
    assert untouched.id


def test_the_flag_goes_when_the_document_is_submitted_again(app, make_user, client, auth):
    import_world()
    clerk, approver = make_user("clerk"), make_user("approver")
    document = processed_document(user=clerk)
    review.submit(document, clerk)
    approvals.decide(approvals.chain(document)[0].id, approver, "return", "Wrong total")
    review.submit(document, clerk)
    db.session.commit()
    auth.login(clerk.email)
    assert "Sent back" not in client.get("/review/").get_data(as_text=True)

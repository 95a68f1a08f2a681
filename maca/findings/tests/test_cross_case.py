"""Across the cases of one audit: the cross-case rule, what was present, and
the recommendations the QA officer edits and confirms."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from maca.audit_trail.models import AuditEvent
from maca.findings.cross_case import across_cases
from maca.findings.models import Recommendation
from maca.findings.recommendation_services import recommendation_save, recommendations_propose
from maca.findings.tests.recurrence_builders import meeting_audit
from maca.programme.models import Audit, Stage
from maca.tests.page import Page
from maca.tests.querycount import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def test_a_theme_is_across_cases_when_it_is_a_concern_in_two_or_more_cases(world):
    audit = meeting_audit(world.partnership)
    found = across_cases(audit)
    assert [(i.theme.key, i.case_numbers) for i in found.concerns] == [
        ("domestic_abuse", [2, 3]),  # as many cases each: in the partnership's order of themes
        ("think_family", [1, 2]),
    ]
    # the finding across cases is listed with its theme but is not a case
    assert len(found.concerns[1].findings) == 3
    assert [(i.theme.key, i.case_numbers) for i in found.strengths] == [("voice_of_child", [1, 3])]


def test_what_was_present_counts_case_flags_and_findings(world):
    found = across_cases(meeting_audit(world.partnership))
    sentences = [row.sentence for row in found.presence]
    assert "Domestic abuse was present in 3 of the 3 cases." in sentences  # flagged on 1, found on 2 and 3
    assert "Think family was present in 2 of the 3 cases." in sentences
    assert "Timeliness was present in 1 of the 3 cases." in sentences
    abuse = next(row for row in found.presence if row.label == "Domestic abuse")
    assert (abuse.cases, abuse.flagged, abuse.in_findings) == (3, 1, 2)


def test_proposing_twice_proposes_each_theme_once(world):
    audit = meeting_audit(world.partnership)
    qa = world["qa"].user
    first = recommendations_propose(actor=qa, audit=audit)
    assert [r.proposed_from.key for r in first] == ["domestic_abuse", "think_family"]
    assert first[1].text.startswith("Think family was a concern in 2 of the 3 cases (cases 1 and 2).")
    assert first[1].findings.count() == 3
    assert recommendations_propose(actor=qa, audit=audit) == []
    assert AuditEvent.objects.filter(action="recommendation.proposed").count() == 2


def test_recommendations_change_only_at_the_meeting_or_writing_up(world):
    audit = meeting_audit(world.partnership)
    qa = world["qa"].user
    proposed = recommendations_propose(actor=qa, audit=audit)[0]
    Audit.objects.filter(pk=audit.pk).update(stage=Stage.CLOSED)
    with pytest.raises(ValidationError):
        recommendation_save(actor=qa, recommendation=proposed, text="New", confirm=True, expected_version=1)
    with pytest.raises(ValidationError):
        recommendations_propose(actor=qa, audit=audit)


def test_the_qa_officer_proposes_edits_and_confirms_two_recommendations(world, client_for):
    audit = meeting_audit(world.partnership)
    client = client_for(world["qa"])
    url = reverse("findings:across_cases", args=[audit.pk])
    page = client.get(url).content.decode()
    assert "Think family: 2 of 3 cases" in page and "Domestic abuse: 2 of 3 cases" in page
    assert "Domestic abuse was present in 3 of the 3 cases." in page
    assert AuditEvent.objects.filter(action="across_cases.viewed").exists()

    response = client.post(reverse("findings:propose_recommendations", args=[audit.pk]))
    assert response.status_code == 302
    first, second = Recommendation.objects.filter(audit=audit).order_by("position")
    for item, words in ((second, "Agencies to invite fathers to every assessment."), (first, "Share every notice.")):
        edit = reverse("findings:recommendation", args=[item.pk])
        assert Page(client.get(edit).content.decode()).value("text") == item.text
        response = client.post(edit, {"version": item.version, "text": words, "confirm": "1"})
        assert response.status_code == 302
        assert Page(client.get(edit).content.decode()).value("text") == words

    page = client.get(url).content.decode()
    assert page.count("govuk-tag--green") == 2 + 2  # on each theme's card and in the list
    assert "Agencies to invite fathers to every assessment." in page
    second.refresh_from_db()
    assert second.status == "confirmed" and second.confirmed_by == world["qa"].user
    event = AuditEvent.objects.filter(action="recommendation.confirmed").first()
    assert event.changes["text"] == "changed" and event.changes["status"] == ["proposed", "confirmed"]


def test_an_empty_recommendation_or_reason_is_refused_with_the_error_summary(world, client_for):
    audit = meeting_audit(world.partnership)
    item = recommendations_propose(actor=world["qa"].user, audit=audit)[0]
    client = client_for(world["qa"])
    response = client.post(
        reverse("findings:recommendation", args=[item.pk]), {"version": 1, "text": " ", "confirm": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html and "Enter the recommendation" in html
    response = client.post(reverse("findings:recommendation_withdraw", args=[item.pk]), {"version": 1, "reason": ""})
    assert "Enter why the recommendation is withdrawn" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "proposed" and item.version == 1
    response = client.post(
        reverse("findings:recommendation_withdraw", args=[item.pk]), {"version": 1, "reason": "Covered by another"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "withdrawn" and item.withdrawn_reason == "Covered by another"
    # withdrawn stays withdrawn: not proposed again
    assert recommendations_propose(actor=world["qa"].user, audit=audit) == []


def test_a_stale_version_is_an_edit_conflict_not_an_overwrite(world, client_for):
    audit = meeting_audit(world.partnership)
    item = recommendations_propose(actor=world["qa"].user, audit=audit)[0]
    recommendation_save(
        actor=world["admin"].user, recommendation=item, text="Theirs", confirm=False, expected_version=1
    )
    response = client_for(world["qa"]).post(
        reverse("findings:recommendation", args=[item.pk]), {"version": 1, "text": "Mine", "confirm": "1"}
    )
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    item.refresh_from_db()
    assert item.text == "Theirs"


def test_the_across_cases_page_reads_the_same_number_of_queries_however_many_findings(world, client_for):
    from maca.findings.models import Finding, FindingTag, Theme

    audit = meeting_audit(world.partnership)
    recommendations_propose(actor=world["qa"].user, audit=audit)
    client = client_for(world["qa"])
    theme = Theme.objects.get(partnership=world.partnership, key="neglect")
    cases = list(audit.audit_cases.all())

    def add(n):
        for i in range(n):
            f = Finding.objects.create(
                partnership=world.partnership,
                audit=audit,
                audit_case=cases[i % 3],
                polarity="concern",
                text=f"More {i}",
                tags_confirmed_at=timezone.now(),
            )
            FindingTag.objects.create(partnership=world.partnership, finding=f, theme=theme)

    assert_queries_do_not_grow(lambda: client.get(reverse("findings:across_cases", args=[audit.pk])), add)


def test_the_grades_agencies_gave_are_the_counts_pages(world, client_for):
    from maca.returns.models import Return
    from maca.returns.services import return_save_draft, return_submit
    from maca.returns.tests.builders import audit_with_returns
    from maca.tests.tables import read_tables

    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    auditor, lead = world["auditor"], world["lead"]
    for return_record in Return.objects.filter(audit=audit, agency=world.police):
        saved = return_save_draft(
            actor=auditor.user,
            membership=auditor.membership,
            return_record=return_record,
            answers={"info_grade": "good", "health_involved": "yes"},
            expected_version=return_record.version,
        )
        return_submit(actor=lead.user, membership=lead.membership, return_record=saved, expected_version=saved.version)
    Audit.objects.filter(pk=audit.pk).update(stage=Stage.MEETING)
    client = client_for(world["qa"])
    mine = read_tables(client.get(reverse("findings:across_cases", args=[audit.pk])).content.decode())
    counts = read_tables(client.get(reverse("returns:summary", args=[audit.pk])).content.decode())
    grade_captions = [caption for caption in counts if caption in mine]
    assert grade_captions, "a grade table of the counts page is shown across the cases"
    for caption in grade_captions:
        assert mine[caption] == counts[caption]
    assert mine[grade_captions[0]].cell("Testshire Police", "Good") == "2"


def test_a_stale_withdrawal_keeps_the_reason_typed_and_withdraws_nothing(world, client_for):
    from maca.tests.forms_shown import fields_shown

    audit = meeting_audit(world.partnership)
    item = recommendations_propose(actor=world["qa"].user, audit=audit)[0]
    recommendation_save(
        actor=world["admin"].user, recommendation=item, text="Theirs", confirm=False, expected_version=1
    )
    response = client_for(world["qa"]).post(
        reverse("findings:recommendation_withdraw", args=[item.pk]), {"version": 1, "reason": "Covered by another"}
    )
    body = response.content.decode()
    shown = fields_shown(body)
    assert response.status_code == 200 and "changed this recommendation while you were withdrawing it" in body
    assert shown["reason"].chosen == ["Covered by another"] and shown["version"].chosen == ["2"]
    item.refresh_from_db()
    assert item.status == "proposed" and item.text == "Theirs"

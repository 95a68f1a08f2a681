"""The names held for a person of an audit, kept by the QA officers for the
safety check: two people saving them at once never overwrite each other, and
the page says when they were last changed, and by whom."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maca.audit_trail.services import record
from maca.core.fields import reveal, seal
from maca.core.presenters import date_time
from maca.programme.models import Audit, AuditTransition, Stage
from maca.publications import pseudonyms
from maca.publications.document import Document
from maca.publications.models import Kind, Pseudonym, PublicationVersion
from maca.publications.retention import forget_names_after_audit
from maca.publications.services import publication_create, section_update
from maca.publications.tests.builders import audit_ended, audit_with_findings
from maca.tests.forms_shown import fields_shown
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db


def _as_shown(page: str) -> dict:
    """What submitting the names form as the page shows it sends."""
    return {name: field.chosen[0] for name, field in fields_shown(page).items() if field.chosen}


def _child(audit) -> Pseudonym:
    return Pseudonym.objects.get(audit=audit, audit_case__number=1, relation="")


def _saved_meanwhile(page: str) -> str:
    """The words of the note under the names saying what someone else saved."""
    start = page.index('id="id_names-saved-meanwhile"')
    return words_of(page[start : page.index("</div>", start)].split(">", 1)[1])


def test_two_people_saving_the_names_held_at_once_never_overwrite_each_other(world, client_for):
    audit = audit_with_findings(world)  # "Kayden Ashworth" held for Child A
    child = _child(audit)
    url = reverse("publications:person", args=[audit.pk, child.pk])
    qa, admin = client_for(world["qa"]), client_for(world["admin"])
    by_qa = _as_shown(qa.get(url).content.decode())
    by_admin = _as_shown(admin.get(url).content.decode())
    assert by_qa["names"] == by_admin["names"] == "Kayden Ashworth"
    assert by_qa["version"] == str(child.version)

    # The QA officer saves first.
    response = qa.post(url, {**by_qa, "names": "Kayden Ashworth\nKayden Smith"})
    assert response.status_code == 302
    # The admin, from the page they opened before, saves theirs: refused, and told.
    response = admin.post(url, {**by_admin, "names": "Kayden Ashworth\nKay Ashworth"})
    assert response.status_code == 200
    page = response.content.decode()
    words = words_of(page)
    qa_name = world["qa"].user.full_name
    assert "<title>Error: Names held for Child A – maca</title>" in page
    assert "Someone else changed the names held for Child A" in words
    assert f"{qa_name} saved the names held for Child A on " in words
    assert "so yours have not been saved yet" in words
    # Nothing lost: the admin's names are in the box as they typed them, the QA officer's under it.
    shown = fields_shown(page)
    assert shown["names"].chosen == ["Kayden Ashworth\nKay Ashworth"]
    assert "Kayden Ashworth Kayden Smith" in _saved_meanwhile(page)
    assert reveal(Pseudonym.objects.get(pk=child.pk).names) == ["Kayden Ashworth", "Kayden Smith"]
    # The page now points at the saved version: saving again replaces it, knowingly.
    response = admin.post(url, _as_shown(page))
    assert response.status_code == 302
    people = words_of(admin.get(response.url).content.decode())
    assert "The names held for ‘Child A’ have been saved." in people
    assert reveal(Pseudonym.objects.get(pk=child.pk).names) == ["Kayden Ashworth", "Kay Ashworth"]

    # Opened again: the saved names, and who last changed them.
    page = admin.get(url).content.decode()
    assert fields_shown(page)["names"].chosen == ["Kayden Ashworth\nKay Ashworth"]
    saved = Pseudonym.objects.get(pk=child.pk)
    assert f"Last changed {date_time(saved.names_changed_at)} by {world['admin'].user.full_name}" in words_of(page)


def test_the_last_change_is_the_last_time_the_names_changed(world, client_for):
    audit = audit_with_findings(world, child_names={})
    child = _child(audit)
    url = reverse("publications:person", args=[audit.pk, child.pk])
    qa = client_for(world["qa"])
    page = words_of(qa.get(url).content.decode())
    assert "Last changed" not in page  # nobody has typed a name for the child yet
    qa.post(url, {**_as_shown(qa.get(url).content.decode()), "names": "Kayden Ashworth"})
    first = Pseudonym.objects.get(pk=child.pk)
    earlier = timezone.now() - dt.timedelta(days=2)
    Pseudonym.objects.filter(pk=child.pk).update(names_changed_at=earlier)
    # Saving the same names is no change: the last change stays two days ago, by the QA officer.
    admin = client_for(world["admin"])
    assert admin.post(url, _as_shown(admin.get(url).content.decode())).status_code == 302
    page = words_of(admin.get(url).content.decode())
    assert f"Last changed {date_time(earlier)} by {world['qa'].user.full_name}" in page
    assert Pseudonym.objects.get(pk=child.pk).version == first.version


def test_names_forgotten_by_the_retention_run_are_a_change_by_maca(world, client_for):
    audit = audit_with_findings(world)
    child = _child(audit)
    url = reverse("publications:person", args=[audit.pk, child.pk])
    qa = client_for(world["qa"])
    opened = _as_shown(qa.get(url).content.decode())
    Audit.objects.filter(pk=audit.pk).update(stage=Stage.CLOSED)
    AuditTransition.objects.create(
        partnership=world.partnership,
        audit=audit,
        from_stage=Stage.MEETING,
        to_stage=Stage.CLOSED,
        actor=world["qa"].user,
        reason="The audit is finished.",
    )
    later = timezone.now() + dt.timedelta(seconds=1)
    assert forget_names_after_audit(partnership=world.partnership, before=later) == 1  # Child B held none
    # A page opened before the run cannot put the names back unseen.
    page = qa.post(url, {**opened, "names": "Kayden Ashworth\nKayden Smith"}).content.decode()
    assert "maca removed the names held for Child A on " in words_of(page)
    assert "as the partnership’s retention period for them had ended" in words_of(page)
    assert reveal(Pseudonym.objects.get(pk=child.pk).names) == []
    assert "Last changed" in words_of(page) and "by maca" in words_of(page)


def _from_the_log():
    return importlib.import_module("maca.publications.migrations.0005_names_changed_from_the_log")


def test_pseudonyms_made_before_are_given_their_last_change_from_the_audit_log(world):
    audit = audit_with_findings(world)  # names held for Child A by the QA officer, logged
    mother = pseudonyms.family_member_add(
        actor=world["admin"].user,
        audit=audit,
        audit_case=_child(audit).audit_case,
        relation="mother",
        names=["Leanne Ashworth"],
    )
    child = _child(audit)
    sibling = Pseudonym.objects.get(audit=audit, audit_case__number=2, relation="")  # nothing typed
    Pseudonym.objects.update(names_changed_at=None, names_changed_by=None)
    _from_the_log().names_changed_from_the_log(apps, None)

    child, mother, sibling = (Pseudonym.objects.get(pk=p.pk) for p in (child, mother, sibling))
    assert child.names_changed_by == world["qa"].user and child.names_changed_at is not None
    assert mother.names_changed_by == world["admin"].user and mother.names_changed_at is not None
    assert (sibling.names_changed_at, sibling.names_changed_by) == (None, None)


def test_the_log_is_read_one_partnership_at_a_time_and_labels_match_whichever_apostrophe(world, client_for):
    """Every index of the audit log leads with the partnership: the migration's
    each read of the log names it. A label logged as maca wrote it before
    ("Child A's aunt") is the pseudonym's, now curly; names the retention run
    forgot since (unlogged, an empty list sealed) leave the last change unknown."""
    audit = audit_with_findings(world)  # names held for Child A by the QA officer, logged
    child = _child(audit)
    aunt = pseudonyms.family_member_add(
        actor=world["qa"].user, audit=audit, audit_case=child.audit_case, relation="aunt", names=[]
    )
    record(
        actor=world["admin"].user,
        action="pseudonym.names_changed",
        partnership=world.partnership,
        target=audit,
        changes={"pseudonym": "Child A's aunt", "names_held": 2},
    )
    Pseudonym.objects.filter(pk=aunt.pk).update(names=seal(["Ann Ash", "Annie Ash"]))
    Pseudonym.objects.filter(pk=child.pk).update(names=seal([]))  # forgotten by a run before 0004
    Pseudonym.objects.update(names_changed_at=None, names_changed_by=None)

    with CaptureQueriesContext(connection) as queries:
        _from_the_log().names_changed_from_the_log(apps, None)
    log_reads = [q["sql"] for q in queries if "audit_trail_auditevent" in q["sql"]]
    assert log_reads
    for sql in log_reads:
        assert f'"audit_trail_auditevent"."partnership_id" = {world.partnership.pk}' in sql, sql

    qa = client_for(world["qa"])
    page = words_of(qa.get(reverse("publications:person", args=[audit.pk, aunt.pk])).content.decode())
    aunt.refresh_from_db()
    assert f"Last changed {date_time(aunt.names_changed_at)} by {world['admin'].user.full_name}" in page
    page = words_of(qa.get(reverse("publications:person", args=[audit.pk, child.pk])).content.decode())
    assert "Last changed" not in page


def test_no_names_are_taken_for_an_audit_past_the_period_names_are_kept_for(world, client_for):
    """After the retention run deletes the names (12 months after the audit
    ended, by default), typing them in again would keep them past the period
    the partnership set: the pages say so and the services refuse them."""
    audit = audit_with_findings(world)
    child = _child(audit)
    qa = client_for(world["qa"])
    url = reverse("publications:person", args=[audit.pk, child.pk])
    audit_ended(world, audit, days_ago=200)  # within the 12 months: names are still taken
    opened = _as_shown(qa.get(url).content.decode())
    assert "names" in fields_shown(qa.get(url).content.decode())
    AuditTransition.objects.filter(audit=audit, to_stage=Stage.CLOSED).update(
        occurred_at=timezone.now() - dt.timedelta(days=400)
    )
    forget_names_after_audit(partnership=world.partnership, before=timezone.now() - dt.timedelta(days=365))
    page = words_of(qa.get(url).content.decode())
    said = "Names are no longer held for this audit: it ended more than 12 months ago"
    assert said in page and "Save" not in page
    response = qa.post(url, {**opened, "version": Pseudonym.objects.get(pk=child.pk).version, "names": "Kayden Ash"})
    assert response.status_code == 200 and said in words_of(response.content.decode())
    assert reveal(Pseudonym.objects.get(pk=child.pk).names) == []
    # Adding a family member: the pseudonym, yes; names for it, no.
    people = words_of(qa.get(reverse("publications:people", args=[audit.pk])).content.decode())
    assert said in people
    with pytest.raises(ValidationError, match="no longer held"):
        pseudonyms.family_member_add(
            actor=world["qa"].user, audit=audit, audit_case=child.audit_case, relation="aunt", names=["Ann Ash"]
        )
    aunt = pseudonyms.family_member_add(
        actor=world["qa"].user, audit=audit, audit_case=child.audit_case, relation="aunt", names=[]
    )
    assert aunt.label == "Child A’s aunt"


def test_a_name_typed_into_the_years_report_goes_when_the_audits_names_go(world, client_for):
    """The year's report names every audit of its year and is checked against
    their names: a draft holding a child's name has it replaced by the
    pseudonym, after the audit's title, when the retention run forgets the
    audit's names, as the audit's own briefing has."""
    audit = audit_with_findings(world)
    label = _child(audit).label
    report = publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=audit.programme.year
    )
    draft = PublicationVersion.objects.get(publication=report)
    section = Document.from_json(draft.document).sections[0]
    key = section.key
    section_update(
        actor=world["qa"].user,
        version=draft,
        key=key,
        heading=section.heading,
        text="Kayden Ashworth was seen alone at every visit.",
        expected_version=draft.version,
    )
    audit_ended(world, audit, days_ago=400)
    forget_names_after_audit(partnership=world.partnership, before=timezone.now() - dt.timedelta(days=365))
    text = Document.from_json(PublicationVersion.objects.get(pk=draft.pk).document).section(key).text
    # As the year's report writes every audit's pseudonyms: after the audit's title.
    assert text == f"{audit.title}: {label} was seen alone at every visit."
    page = words_of(client_for(world["qa"]).get(reverse("publications:detail", args=[report.pk])).content.decode())
    assert "Kayden Ashworth" not in page
    assert f"{audit.title}: {label} was seen alone at every visit." in page


def test_saving_the_names_in_two_tabs_is_told_as_the_persons_own_change(world, client_for):
    """The QA officer had the names page open in two tabs and saved in one:
    the other tab's save is refused, and told as their own change, not
    someone else's; a save by another person is still someone else's."""
    audit = audit_with_findings(world)
    child = _child(audit)
    url = reverse("publications:person", args=[audit.pk, child.pk])
    qa = client_for(world["qa"])
    first_tab = _as_shown(qa.get(url).content.decode())
    second_tab = _as_shown(qa.get(url).content.decode())
    assert qa.post(url, {**first_tab, "names": "Kayden Ashworth\nKayden Smith"}).status_code == 302
    page = qa.post(url, {**second_tab, "names": "Kayden Ashworth\nKay Ashworth"}).content.decode()
    words = words_of(page)
    assert "You changed the names held for Child A on another page" in words
    assert "You saved the names held for Child A on another page (another tab or window) on " in words
    assert "Someone else" not in words and "someone else" not in words
    assert "Saved meanwhile by you, on another page" in words
    assert "Kayden Ashworth Kayden Smith" in _saved_meanwhile(page)
    assert fields_shown(page)["names"].chosen == ["Kayden Ashworth\nKay Ashworth"]
    assert reveal(Pseudonym.objects.get(pk=child.pk).names) == ["Kayden Ashworth", "Kayden Smith"]

    # Then the admin saves, and the QA officer's tab opened before it is told it was someone else.
    admin = client_for(world["admin"])
    opened = _as_shown(qa.get(url).content.decode())
    assert admin.post(url, {**_as_shown(admin.get(url).content.decode()), "names": "Kay Smith"}).status_code == 302
    words = words_of(qa.post(url, {**opened, "names": "Kay Ash"}).content.decode())
    assert "Someone else changed the names held for Child A" in words
    assert "another tab" not in words

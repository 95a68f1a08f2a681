"""Planning the year in the browser's place: the test client."""

import html

from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.programme.models import Audit, BoardPriority, Programme
from maca.programme.tests.factories import AuditFactory, BoardPriorityFactory, ProgrammeFactory, replan
from maca.tests.querycount import assert_queries_do_not_grow


def test_a_qa_officer_plans_next_years_programme(world, client_for):
    client = client_for(world["qa"])
    client.post(reverse("programme:programme_new"), {"year": "2027"})
    programme = Programme.objects.get(partnership=world.partnership, year=2027)
    priority = BoardPriorityFactory(partnership=world.partnership, title="Neglect")
    response = client.post(
        reverse("programme:audit_new") + "?year=2027",
        {
            "title": "Neglect of babies",
            "theme": "Early signs of neglect in under-twos.",
            "kind": "themed",
            "priorities": [priority.pk],
            "target_cases": "6",
            "target_children": "",
            "planned_selection_date-day": "1",
            "planned_selection_date-month": "6",
            "planned_selection_date-year": "2027",
            "return_deadline-day": "15",
            "return_deadline-month": "7",
            "return_deadline-year": "2027",
            "planned_meeting_date-day": "",
            "planned_meeting_date-month": "",
            "planned_meeting_date-year": "",
            "lead": world["qa"].user.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    audit = Audit.objects.get(programme=programme)
    assert audit.partnership == world.partnership
    assert list(audit.priorities.all()) == [priority]
    page = html.unescape(client.get(reverse("programme:year", args=[2027])).content.decode())
    assert "Neglect of babies" in page and "Planned" in page
    assert "1 Jun 2027" in page and "15 Jul 2027" in page  # the year at a glance
    assert AuditEvent.objects.filter(action="audit.created").exists()


def test_planning_mistakes_are_each_reported(world, client_for):
    ProgrammeFactory(partnership=world.partnership, year=2026)
    response = client_for(world["qa"]).post(
        reverse("programme:audit_new") + "?year=2026",
        {
            "title": "",
            "theme": "",
            "target_cases": "0",
            "planned_selection_date-day": "31",
            "planned_selection_date-month": "2",
            "planned_selection_date-year": "2027",
        },
    )
    body = html.unescape(response.content.decode())
    for message in (
        "Enter a title",
        "Enter what the audit looks at",
        "Select the kind of audit",
        "Enter 1 case or more",
        "The date cases are selected by must be a real date",
    ):
        assert message in body
    assert not Audit.objects.exists()


def test_a_board_member_reads_the_programme_but_cannot_plan(world, client_for):
    AuditFactory(partnership=world.partnership, title="Disabled children")
    client = client_for(world["board"])
    assert "Disabled children" in client.get(reverse("programme:year", args=[2026])).content.decode()
    assert client.get(reverse("programme:audit_new") + "?year=2026").status_code == 403


def test_another_partnerships_audit_is_not_found(world, client_for):
    theirs = AuditFactory(partnership=world.other_partnership)
    assert client_for(world["qa"]).get(reverse("programme:audit", args=[theirs.pk])).status_code == 404


def test_moving_an_audit_shows_what_is_missing(world, client_for):
    audit = AuditFactory(partnership=world.partnership, lead=None)
    client = client_for(world["qa"])
    page = client.get(reverse("programme:audit_move", args=[audit.pk])).content.decode()
    assert "Choose an audit lead." in page
    response = client.post(
        reverse("programme:audit_move", args=[audit.pk]),
        {"to_stage": "selecting", "reason": "Go", "version": audit.version},
    )
    assert "Choose an audit lead." in response.content.decode()
    audit.refresh_from_db()
    assert audit.stage == "planned"


def test_a_stale_edit_of_an_audit_is_refused(world, client_for):
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user)
    stale = audit.version
    replan(audit, actor=world["admin"].user, title="Changed by someone else")
    response = client_for(world["qa"]).post(
        reverse("programme:audit_edit", args=[audit.pk]),
        {
            "title": "Mine",
            "theme": "t",
            "kind": "themed",
            "target_cases": "4",
            "version": stale,
            "lead": world["qa"].user.pk,
        },
    )
    assert "Someone else changed this audit" in response.content.decode()
    audit.refresh_from_db()
    assert audit.title == "Changed by someone else"


def test_priorities_are_listed_and_edited(world, client_for):
    client = client_for(world["qa"])
    client.post(reverse("programme:priority_new"), {"title": "Domestic abuse", "description": ""})
    priority = BoardPriority.objects.get(title="Domestic abuse")
    client.post(
        reverse("programme:priority", args=[priority.pk]),
        {"title": "Domestic abuse", "description": "Board priority 2026", "version": priority.version},
    )
    priority.refresh_from_db()
    assert priority.description == "Board priority 2026" and priority.is_active is False


def test_the_year_page_does_not_get_slower_with_more_audits(world, client_for):
    ProgrammeFactory(partnership=world.partnership, year=2026)
    client = client_for(world["board"])
    assert_queries_do_not_grow(
        lambda: client.get(reverse("programme:year", args=[2026])),
        lambda n: [AuditFactory(partnership=world.partnership) for _ in range(n)],
    )


def test_moving_to_agencies_auditing_says_what_it_sets_off_before_it_is_saved(world, client_for):
    from maca.programme import services
    from maca.tests.page import words_shown

    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user)
    services.audit_move(
        actor=world["qa"].user, audit=audit, to_stage="selecting", reason="Cases next", expected_version=audit.version
    )
    shown = words_shown(client_for(world["qa"]).get(reverse("programme:audit_move", args=[audit.pk])).content.decode())
    assert (
        "Agencies auditing Each agency auditing a case gets a return to complete for it, and the agency’s leads "
        "are e-mailed their cases to audit. The sample is fixed from then on."
    ) in shown
    planned = AuditFactory(partnership=world.partnership, lead=world["qa"].user)
    page = client_for(world["qa"]).get(reverse("programme:audit_move", args=[planned.pk]))
    shown = words_shown(page.content.decode())
    assert "e-mailed" not in shown  # moving to 'Selecting cases' sets off nothing of the kind


def test_moving_a_deep_dive_to_agencies_auditing_says_each_agency_gets_one_summative_report(world, client_for):
    from maca.programme import services
    from maca.tests.page import words_shown
    from maca.tools.tests.factories import published_tool

    summative = published_tool(world.partnership, kind="summative", name="Summative report").tool
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user, kind="deep_dive", tool=summative)
    services.audit_move(
        actor=world["qa"].user, audit=audit, to_stage="selecting", reason="Cases next", expected_version=audit.version
    )
    shown = words_shown(client_for(world["qa"]).get(reverse("programme:audit_move", args=[audit.pk])).content.decode())
    assert (
        "Agencies auditing Each agency with cases in the sample gets one summative report to complete across them, "
        "and the agency’s leads are e-mailed their cases to audit."
    ) in shown
    assert "gets a return to complete for it" not in shown


def test_a_year_with_no_programme_offers_only_to_create_that_years(world, client_for):
    from maca.tests.page import words_shown

    ProgrammeFactory(partnership=world.partnership, year=2026)
    shown = words_shown(client_for(world["qa"]).get(reverse("programme:year", args=[2030])).content.decode())
    assert "There is no programme for this year yet." in shown
    assert shown.count("Create the") == 1 and "Create the 2030–31 programme" in shown
    assert "Progress of the year" not in shown
    shown = words_shown(client_for(world["qa"]).get(reverse("programme:year", args=[2026])).content.decode())
    assert "Create the 2027–28 programme" in shown and "Progress of the year" in shown


def test_moving_to_agencies_auditing_with_fewer_cases_than_planned_says_how_many_are_selected(world, client_for):
    from maca.returns.tests.builders import move
    from maca.selection.tests.builders import draw_from_whole_pool, make_case
    from maca.tests.page import words_shown

    qa = world["qa"].user
    for _ in range(3):
        make_case(world.partnership, agencies=[world.police])

    def move_page(target: int, drawn: int) -> str:
        audit = AuditFactory(partnership=world.partnership, lead=qa, target_cases=target)
        move(audit, "selecting", qa)
        draw_from_whole_pool(actor=qa, audit=audit, size=drawn)
        page = client_for(world["qa"]).get(reverse("programme:audit_move", args=[audit.pk]))
        return words_shown(page.content.decode())

    assert "2 of the 6 cases planned are selected." in move_page(6, 2)
    assert "cases planned" not in move_page(2, 2)


def test_an_audits_plan_says_its_cases_are_planned_and_what_is_due(world, client_for):
    from maca.tests.page import words_shown
    from maca.tools.tests.factories import published_tool

    themed = AuditFactory(partnership=world.partnership, target_cases=6)
    shown = words_shown(client_for(world["qa"]).get(reverse("programme:audit", args=[themed.pk])).content.decode())
    assert "Cases planned 6" in shown and "Returns due" in shown
    summative = published_tool(world.partnership, kind="summative", name="Summative report").tool
    deep_dive = AuditFactory(partnership=world.partnership, kind="deep_dive", tool=summative)
    shown = words_shown(client_for(world["qa"]).get(reverse("programme:audit", args=[deep_dive.pk])).content.decode())
    assert "Summative reports due" in shown and "Returns due" not in shown


def test_a_deep_dives_page_says_its_themes_across_cases_count_summative_reports(world, client_for):
    from maca.findings.tests.deep_dive_builders import deep_dive_with_two_reports
    from maca.tests.page import words_shown

    deep_dive = deep_dive_with_two_reports(world)
    shown = words_shown(client_for(world["qa"]).get(reverse("programme:audit", args=[deep_dive.pk])).content.decode())
    assert "Across the cases: themes in two or more summative reports or cases and their recommendations" in shown


def test_the_years_tables_and_timeline_name_what_is_due_by_the_kinds_of_its_audits(world, client_for):
    from maca.tests.page import words_shown
    from maca.tools.tests.factories import published_tool

    themed = AuditFactory(partnership=world.partnership, title="Neglect of toddlers")
    url = reverse("programme:year", args=[themed.programme.year])

    def shown() -> str:
        return words_shown(client_for(world["qa"]).get(url).content.decode())

    assert shown().count("Returns due") >= 2 and "summative" not in shown()
    summative = published_tool(world.partnership, kind="summative", name="Summative report").tool
    AuditFactory(
        partnership=world.partnership, programme=themed.programme, kind="deep_dive", tool=summative, title="A deep dive"
    )
    page = shown()
    # Both tables' columns and the timeline's key name both kinds; each audit's mark names its own.
    assert page.count("Returns and summative reports due") >= 3
    assert "Summative reports due " in page and "Returns due " in page

"""Each page about a return says in its title which case, agency and audit
it is about (WCAG 2.4.2): a browser's tabs and a screen reader's first words."""

import html
import re

from django.urls import reverse

from maca.returns.tests.matrix_fixtures import build


def _title(response) -> str:
    return html.unescape(re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)).strip()


def test_return_pages_name_the_case_the_agency_and_the_audit(world, client_for):
    records = build(world)
    draft, audit = records["return_record"], records["returns_audit"]
    named = f"Case {draft.audit_case.number} – Testshire Police’s return – {audit.title}"
    case_and_audit = f"Case {draft.audit_case.number} – {audit.title}"
    auditor = client_for(world["auditor"])
    detail = auditor.get(reverse("returns:detail", args=[draft.pk]))
    assert _title(detail) == f"Testshire Police’s return – {case_and_audit} – maca"
    tasks = auditor.get(reverse("returns:edit", args=[draft.pk]))
    assert _title(tasks) == f"Testshire Police’s return – {case_and_audit} – maca"
    section = auditor.get(reverse("returns:section", args=[draft.pk, 1]))
    assert _title(section) == f"Information sharing – {named} – maca"
    check = auditor.get(reverse("returns:check", args=[draft.pk]))
    assert _title(check) == f"Check your answers before submitting the return – {named} – maca"
    history = client_for(world["qa"]).get(reverse("returns:history", args=[draft.pk]))
    assert _title(history) == f"Every change to Testshire Police’s return – {case_and_audit} – maca"
    assert _title(auditor.get(reverse("chronology:return", args=[draft.pk]))) == f"Chronology – {named} – maca"


def test_a_summative_reports_pages_call_it_one(world, client_for):
    """A deep dive's summative report is about no one case: its pages call
    it "Testshire Police’s summative report", the task list as the report's
    own page does (the task list said "Testshire Police’s audit")."""
    from maca.returns.models import Return
    from maca.returns.tests.builders import audit_with_returns
    from maca.tests.page import words_shown

    audit = audit_with_returns(world, cases=2, kind="deep_dive", tool_kind="summative")
    report = Return.objects.get(audit=audit, agency=world.police, audit_case=None)
    named = f"Testshire Police’s summative report – {audit.title}"
    lead = client_for(world["lead"])
    for url in (reverse("returns:edit", args=[report.pk]), reverse("returns:detail", args=[report.pk])):
        response = lead.get(url)
        assert _title(response) == f"{named} – maca"
        words = words_shown(response.content.decode())
        assert "Testshire Police’s summative report" in words
        assert "’s audit" not in words and "Testshire Police’s return" not in words
    assert _title(lead.get(reverse("returns:check", args=[report.pk]))) == (
        f"Check your answers before submitting the summative report – {named} – maca"
    )
    qa = client_for(world["qa"])
    assert _title(qa.get(reverse("returns:history", args=[report.pk]))) == f"Every change to {named} – maca"


def _caption(response) -> str:
    found = re.search(r'<span class="govuk-caption-l">(.*?)</span>', response.content.decode(), re.S)
    return html.unescape(re.sub(r"\s+", " ", found.group(1))).strip()


def test_every_page_of_a_cases_return_says_which_case_above_its_heading(world, client_for):
    """The caption over the heading says the audit and the case on every page
    of a case's return, as its own page does: "Every change" and Withdraw said
    the audit only, so a QA officer there could not tell which case's return
    (of an agency's several in the audit) the page was about."""
    records = build(world)
    draft, submitted, audit = records["return_record"], records["submitted_return"], records["returns_audit"]
    qa, auditor = client_for(world["qa"]), client_for(world["auditor"])
    for client, name, record in (
        (auditor, "returns:detail", draft),
        (auditor, "returns:check", draft),
        (qa, "returns:review", submitted),
        (qa, "returns:history", draft),
        (qa, "returns:withdraw", draft),
    ):
        assert _caption(client.get(reverse(name, args=[record.pk]))) == (
            f"{audit.title} – case {record.audit_case.number}"
        ), name
    # The page combining two saves names the agency too, its heading not saying whose return it is.
    from maca.returns.tests.builders import save

    start = draft.version
    save(draft, world["lead"], {"info_grade": "inadequate"})
    merge = auditor.post(
        reverse("returns:section", args=[draft.pk, 1]), {"version": start, "info_grade": "requires_improvement"}
    )
    assert "Combine your changes with theirs" in merge.content.decode()
    assert _caption(merge) == f"{audit.title} – case {draft.audit_case.number} – Testshire Police"
    reference = draft.audit_case.case.reference
    assert _caption(auditor.get(reverse("returns:edit", args=[draft.pk]))) == (
        f"{audit.title} – case {draft.audit_case.number} ({reference})"
    )


def test_a_summative_reports_pages_say_its_audit_above_their_heading(world, client_for):
    from maca.returns.models import Return
    from maca.returns.tests.builders import audit_with_returns

    audit = audit_with_returns(world, cases=2, kind="deep_dive", tool_kind="summative")
    report = Return.objects.get(audit=audit, agency=world.police, audit_case=None)
    qa = client_for(world["qa"])
    for name in ("returns:detail", "returns:history", "returns:withdraw"):
        assert _caption(qa.get(reverse(name, args=[report.pk]))) == audit.title, name


def test_a_returns_back_link_names_the_page_it_leads_to(world, client_for):
    """Found on a walk: the return's page said only "Back"."""
    import re

    from maca.returns.models import Return
    from maca.returns.tests.builders import audit_with_returns

    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    ret = Return.objects.get(audit=audit, agency=world.police)
    url = reverse("returns:detail", args=[ret.pk])
    for role, href, text in (
        ("qa", reverse("returns:tracking", args=[audit.pk]), "Back to who has responded"),
        ("lead", reverse("returns:mine"), "Back to your agency’s returns"),
    ):
        page = client_for(world[role]).get(url).content.decode()
        assert re.search(r'<a href="([^"]*)" class="govuk-back-link">([^<]*)</a>', page).groups() == (href, text)

"""Draws that can be trusted: two officers drawing at once, a sample reproducible
from the list and the seed, and cases left with no children never drawn."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from maca.accounts.tests.factories import sign_in_with_second_factor
from maca.cases.tests.factories import TODAY, child_row, import_rows
from maca.programme.models import Stage
from maca.programme.services import audit_move
from maca.programme.tests.factories import AuditFactory
from maca.selection import services
from maca.selection.models import AuditCase, Draw
from maca.selection.services import PoolFilter, draw_make, eligible_pool
from maca.selection.tests.builders import EVERYTHING, make_case

DRAW_FORM = {
    "size": "3",
    "allocation": "proportional",
    "dimensions": ["service_level"],
    "current_draw": "",  # the page showed no draw yet
    "seed": "",
}


def selecting_audit(partnership, lead):
    audit = AuditFactory(partnership=partnership, lead=lead, target_cases=3)
    audit_move(actor=lead, audit=audit, to_stage=Stage.SELECTING, reason="Next", expected_version=audit.version)
    audit.refresh_from_db()
    return audit


def test_a_draw_from_a_page_that_named_a_sample_the_audit_does_not_have_is_refused_with_a_reason(world, client_for):
    """An out-of-date or altered page names a draw that is not the audit's:
    nothing is drawn, and the page says so (it was an error page before)."""
    audit = selecting_audit(world.partnership, world["qa"].user)
    for _ in range(8):
        make_case(world.partnership, agencies=[world.police])
    response = client_for(world["qa"]).post(
        reverse("selection:draw", args=[audit.pk]), {**DRAW_FORM, "current_draw": "999999"}
    )
    assert response.status_code == 200
    assert "The sample this page showed is not this audit’s sample now, so nothing has been drawn." in (
        response.content.decode()
    )
    assert not Draw.objects.filter(audit=audit).exists()


def test_a_second_draw_from_a_page_that_showed_no_draw_is_refused(world, client_for):
    audit = selecting_audit(world.partnership, world["qa"].user)
    for _ in range(8):
        make_case(world.partnership, agencies=[world.police])
    url = reverse("selection:draw", args=[audit.pk])
    first = client_for(world["qa"]).post(url, DRAW_FORM)
    assert first.status_code == 302
    second = client_for(world["admin"]).post(url, DRAW_FORM)
    assert second.status_code == 200
    page = second.content.decode()
    assert "Quinn Quality drew a sample for this audit while you were choosing" in page
    assert Draw.objects.filter(audit=audit).count() == 1
    # The page now shows the draw that was made, so drawing again is a knowing choice.
    current = Draw.objects.get(audit=audit)
    assert f'name="current_draw" value="{current.pk}"' in page
    again = client_for(world["admin"]).post(url, {**DRAW_FORM, "current_draw": str(current.pk)})
    assert again.status_code == 302
    assert Draw.objects.filter(audit=audit, superseded_at__isnull=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_officers_drawing_at_the_same_moment_one_is_refused(world):
    if connection.vendor != "postgresql":
        pytest.skip("Two requests writing at the same moment need PostgreSQL's row locks")
    audit = selecting_audit(world.partnership, world["qa"].user)
    for _ in range(8):
        make_case(world.partnership, agencies=[world.police])
    responses = []
    together = threading.Barrier(2, timeout=20)
    real_draw = services.draw_make

    def draw_together(**kwargs):
        together.wait()  # both forms are valid and both showed no draw: now both draw
        return real_draw(**kwargs)

    def post(persona):
        try:
            client = sign_in_with_second_factor(Client(), persona.user)
            responses.append(client.post(reverse("selection:draw", args=[audit.pk]), DRAW_FORM))
        finally:
            connection.close()

    services.draw_make = draw_together
    try:
        threads = [threading.Thread(target=post, args=(world[key],)) for key in ("qa", "admin")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        services.draw_make = real_draw
    assert sorted(response.status_code for response in responses) == [200, 302]
    refused = next(response for response in responses if response.status_code == 200)
    assert "drew a sample for this audit while you were choosing" in refused.content.decode()
    assert Draw.objects.filter(audit=audit).count() == 1
    assert AuditCase.objects.current().filter(audit=audit).count() == 3


def test_the_same_list_in_another_order_gives_the_same_sample_for_the_same_seed(world):
    """The pool is ordered by the case reference from the list, not by database id."""
    levels = ["Early help", "Child in need", "Child protection"]
    rows = [
        child_row(f"F-{n:03d}", f"C-{n:03d}", Level_of_service=levels[n % 3], Team=["North", "South"][n % 2])
        for n in range(40)
    ]
    import_rows(world.partnership, rows)
    import_rows(world.other_partnership, list(reversed(rows)))
    samples = []
    for partnership, persona in ((world.partnership, world["qa"]), (world.other_partnership, world["outsider"])):
        audit = selecting_audit(partnership, persona.user)
        draw = draw_make(
            actor=persona.user,
            audit=audit,
            size=6,
            dimensions=["service_level", "locality"],
            allocation="proportional",
            pool_filter=EVERYTHING,
            seed=2026,
            on=TODAY,
        )
        samples.append(
            sorted(AuditCase.objects.filter(draw=draw).order_by("number").values_list("case__reference", flat=True))
        )
        simple = draw_make(
            actor=persona.user,
            audit=audit,
            size=5,
            dimensions=[],
            allocation="proportional",
            pool_filter=EVERYTHING,
            seed=77,
            on=TODAY,
        )
        samples.append(sorted(AuditCase.objects.filter(draw=simple).values_list("case__reference", flat=True)))
    assert samples[0] == samples[2]
    assert samples[1] == samples[3]


def test_a_case_left_with_no_children_is_kept_but_never_drawn(world):
    import_rows(world.partnership, [child_row("F-1", "C-1"), child_row("F-1", "C-2"), child_row("F-2", "C-3")])
    moved = import_rows(world.partnership, [child_row("F-2", "C-1"), child_row("F-2", "C-2")])
    assert moved.summary["cases_left_without_children"] == 1
    audit = selecting_audit(world.partnership, world["qa"].user)
    pool = eligible_pool(audit, EVERYTHING, on=TODAY)
    assert [row["reference"] for row in pool.rows] == ["F-2"]
    assert pool.exclusions["with no children left in the case list"] == 1
    # Nothing is deleted: the case stays, with no children, for its history.
    from maca.cases.models import Case

    assert Case.objects.get(partnership=world.partnership, reference="F-1").children_count == 0


def test_the_pool_reads_each_cases_own_flags_and_dates_as_stored(world):
    """The pool decodes each different set of flags once and shares it: every
    case still gets its own flags, and no row can change another's."""
    import datetime as dt

    flagged = make_case(world.partnership, flags=["neglect", "domestic_abuse"], open_date=dt.date(2025, 2, 3))
    same = make_case(world.partnership, flags=["neglect", "domestic_abuse"])
    other = make_case(world.partnership, flags=["missing"])
    none = make_case(world.partnership)
    audit = selecting_audit(world.partnership, world["qa"].user)
    rows = {row["id"]: row for row in eligible_pool(audit, EVERYTHING, on=TODAY).rows}
    assert rows[flagged.pk]["flags"] == ("neglect", "domestic_abuse")
    assert rows[same.pk]["flags"] == ("neglect", "domestic_abuse")
    assert rows[other.pk]["flags"] == ("missing",)
    assert rows[none.pk]["flags"] == ()
    assert isinstance(rows[flagged.pk]["flags"], tuple)
    assert rows[flagged.pk]["open_date"] == dt.date(2025, 2, 3)
    assert rows[none.pk]["youngest_birth_month"] == dt.date(2020, 5, 1)
    # A filter on a flag keeps exactly the cases carrying it.
    limited = eligible_pool(
        audit, PoolFilter(open_within_months=None, exclude_audited_within_months=None, flags=["missing"]), on=TODAY
    )
    assert [row["id"] for row in limited.rows] == [other.pk]


def test_a_draw_limited_to_cases_with_no_locality_says_so_as_the_form_did(world, client_for):
    audit = selecting_audit(world.partnership, world["qa"].user)
    for locality in ("", "", "North", "North", "South"):
        make_case(world.partnership, agencies=[world.police], locality=locality)
    client = client_for(world["qa"])
    url = reverse("selection:draw", args=[audit.pk])
    form = client.get(url).content.decode()
    assert "Not recorded" in form
    response = client.post(url, {**DRAW_FORM, "size": "2", "localities": ["", "North"]})
    assert response.status_code == 302, response.content.decode()[:2000]
    detail = client.get(response["Location"]).content.decode()
    assert "localities: Not recorded, North" in detail

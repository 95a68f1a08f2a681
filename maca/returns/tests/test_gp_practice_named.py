"""A GP practice reads the same on the returns pages and e-mails: with the
agency at the top of its tree, "Mill Lane Surgery (Testshire Care Board)"
(``partnerships.presenters.agency_name``), as the counts already named it.
The response grid and its downloads name it so too, its row straight under its
care board's rather than sorted away from it by its own name (QA walk)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook

from maca.notifications.models import SentEmail
from maca.returns.models import Return, ReturnStatus
from maca.returns.reminders import reminder_send_manual
from maca.returns.tests.builders import audit_with_returns
from maca.tests.page import words_shown
from maca.tests.tables import read_tables

GP = "Mill Lane Surgery (Testshire Care Board)"
IN_ORDER = ["Testshire Care Board", GP, "Testshire Police"]


def test_a_gp_practice_reads_the_same_on_the_grid_the_counts_and_its_return(world, client_for):
    audit = audit_with_returns(world, cases=2, agencies=[world.police, world.health, world.gp_practice])
    gp_return = Return.objects.filter(audit=audit, agency=world.gp_practice).order_by("audit_case__number").first()
    Return.objects.filter(pk=gp_return.pk).update(status=ReturnStatus.SUBMITTED, answers={"info_grade": "good"})
    qa = client_for(world["qa"])

    counts = read_tables(qa.get(reverse("returns:summary", args=[audit.pk])).content.decode())
    grades = next(table for caption, table in counts.items() if caption.startswith("How well"))
    assert GP in [row[0] for row in grades.rows]

    page = words_shown(qa.get(reverse("returns:detail", args=[gp_return.pk])).content.decode())
    assert f"{GP}’s return" in page and f"Agency {GP}" in page

    # The grid and its downloads: the practice with its care board, under it.
    grid = read_tables(qa.get(reverse("returns:tracking", args=[audit.pk])).content.decode())
    table = grid["Returns by agency and case"]
    assert [row[0] for row in table.rows] == IN_ORDER
    assert table.cell(GP, "Case 1") == "Submitted"
    response = qa.get(reverse("returns:tracking_export", args=[audit.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row[0] for row in rows[2:5]] == IN_ORDER
    assert [GP, "Submitted"] in [row[:2] for row in rows]
    xlsx = b"".join(qa.get(reverse("returns:tracking_export", args=[audit.pk, "xlsx"])).streaming_content)
    sheet = load_workbook(io.BytesIO(xlsx))["Returns by agency and case"]
    assert [sheet[f"A{n}"].value for n in (3, 4, 5)] == IN_ORDER


def test_a_reminder_about_a_gp_practice_names_it_with_its_care_board(world, client_for):
    audit = audit_with_returns(world, cases=2, agencies=[world.police, world.gp_practice])
    reminder_send_manual(actor=world["qa"].user, audit=audit, agency=world.gp_practice, today=dt.date.today())
    message = SentEmail.objects.get(kind="reminder")
    assert message.to == world["health_lead"].user.email
    assert f"{GP} has 2 returns still to submit" in " ".join(message.body.split())
    tracking = read_tables(client_for(world["qa"]).get(reverse("returns:tracking", args=[audit.pk])).content.decode())
    assert [row[1] for row in tracking["Reminders"].rows] == [GP]

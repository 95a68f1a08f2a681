"""A line break typed in a box counts as one character, as the character count
under the box shows it, though the browser sends it as two ("\\r\\n"): text the
count says fits is taken, in an answer, in the comment of a return sent back
and in the reason a return is withdrawn. Text that does not fit is refused
with one GOV.UK message, never Django's own."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.returns.services import return_submit
from maca.returns.tests.builders import police_return, save
from maca.tests.page import Page, words_shown


def typed(line: str, lines: int) -> str:
    """``lines`` lines of ``line``, as a browser sends them from a textarea."""
    return "\r\n".join([line] * lines)


@pytest.fixture
def ret(world):
    return police_return(world, two_sections=True)


@pytest.fixture
def submitted(world, ret):
    save(ret, world["auditor"], {"info_grade": "good", "health_involved": "yes", "voice": "Seen alone."})
    ret.refresh_from_db()
    return return_submit(
        actor=world["lead"].user, membership=world["lead"].membership, return_record=ret, expected_version=ret.version
    )


def error_summary(response) -> str:
    body = response.content.decode()
    assert "govuk-error-summary" in body
    listed = body.split("govuk-error-summary__list")[1].split(">", 1)[1].split("</ul>")[0]
    return words_shown(listed)


# An answer --------------------------------------------------------------------------------------------


def test_an_answer_with_line_breaks_that_the_count_says_fits_is_saved_and_shown_again(world, ret, client_for):
    client = client_for(world["auditor"])
    url = reverse("returns:section", args=[ret.pk, 2])
    answer = typed("a" * 499, 4)  # 1,996 letters and 3 line breaks: 1,999 of 2,000 characters
    response = client.post(url, {"version": ret.version, "voice": answer})
    assert response.status_code == 302
    assert Page(client.get(url).content.decode()).value("voice") == answer.replace("\r\n", "\n")


# Sending a return back ----------------------------------------------------------------------------------


def test_a_send_back_comment_with_line_breaks_that_the_count_says_fits_reaches_the_agency(world, submitted, client_for):
    lines = [f"Point {n}: " + "x" * 990 for n in range(1, 6)]  # 4,995 characters and 4 line breaks: 4,999
    response = client_for(world["qa"]).post(
        reverse("returns:review", args=[submitted.pk]),
        {"version": submitted.version, "decision": "send_back", "comment": "\r\n".join(lines)},
    )
    assert response.status_code == 302
    shown = words_shown(client_for(world["lead"]).get(reverse("returns:detail", args=[submitted.pk])).content.decode())
    assert "sent this return back" in shown
    assert all(line in shown for line in lines)


def test_a_send_back_comment_over_the_count_is_refused_with_one_message(world, submitted, client_for):
    response = client_for(world["qa"]).post(
        reverse("returns:review", args=[submitted.pk]),
        {"version": submitted.version, "decision": "send_back", "comment": typed("x" * 1667, 3)},
    )  # 5,001 letters and 2 line breaks
    assert response.status_code == 200
    assert error_summary(response) == "Comments for the agency must be 5,000 characters or fewer"
    page = Page(response.content.decode())
    assert page.value("comment").replace("\r\n", "\n") == typed("x" * 1667, 3).replace("\r\n", "\n")  # kept


# Withdrawing a return -------------------------------------------------------------------------------------


def test_a_withdrawal_reason_with_line_breaks_that_the_count_says_fits_is_shown_on_the_return(world, ret, client_for):
    lines = [f"Reason {n}: " + "y" * 489 for n in range(1, 5)]  # 1,996 characters and 3 line breaks: 1,999
    qa = client_for(world["qa"])
    response = qa.post(
        reverse("returns:withdraw", args=[ret.pk]), {"version": ret.version, "reason": "\r\n".join(lines)}
    )
    assert response.status_code == 302
    shown = words_shown(qa.get(reverse("returns:detail", args=[ret.pk])).content.decode())
    assert "Withdrawn because" in shown
    assert all(line in shown for line in lines)


def test_a_withdrawal_reason_over_the_count_is_refused_with_one_message(world, ret, client_for):
    response = client_for(world["qa"]).post(
        reverse("returns:withdraw", args=[ret.pk]), {"version": ret.version, "reason": typed("y" * 667, 3)}
    )
    assert response.status_code == 200
    assert error_summary(response) == "The reason for withdrawing the return must be 2,000 characters or fewer"

"""What each persona gets from the e-mail pages of this app that are not
declared centrally (see maca/tests/url_expectations.py)."""

from maca.tests.url_expectations import Expect, only

EXPECTATIONS = {
    # Trying again to send a message that could not be sent: those who see it on their home page.
    "notifications:retry": Expect(
        only("admin", "qa", outsider=404, ok=302),
        kwargs=lambda f: {"pk": f.undelivered_email.pk},
        method="post",
        why="Once queued again, a second try is refused with a message and still redirects.",
    ),
}

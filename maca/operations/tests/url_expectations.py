"""What each persona gets from the operations pages (see maca/tests/url_expectations.py).
Platform operators (staff, no partnership) are checked in test_schedule_page.py."""

from maca.tests.url_expectations import Expect, everyone, only

EXPECTATIONS = {
    "operations:ready": Expect(everyone(anonymous=200), why="For load balancers: no sign-in."),
    # The schedule serves every partnership and shows nothing of any one: any partnership admin reads it.
    "operations:schedule": Expect(only("admin", "outsider")),
}

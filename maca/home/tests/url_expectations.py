"""What each persona gets from the home pages (see maca/tests/url_expectations.py)."""

from maca.tests.url_expectations import Expect, everyone, only

EXPECTATIONS = {
    "home:index": Expect(everyone(), why="Each role has its own home page; anonymous people are sent to sign in."),
    "home:administration": Expect(
        only("admin", "outsider"), why="The partnership's administration sections; only partnership admins use them."
    ),
}

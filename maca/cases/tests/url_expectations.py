"""What each persona gets from the case list import pages (see maca/tests/url_expectations.py)."""

from maca.tests.url_expectations import Expect, only

EXPECTATIONS = {
    # importing case lists: admins and QA officers
    "cases:imports": Expect(only("admin", "qa", "outsider")),
    "cases:import_new": Expect(only("admin", "qa", "outsider")),
    "cases:import_detail": Expect(only("admin", "qa", outsider=404), kwargs=lambda f: {"pk": f.case_import.pk}),
    "cases:import_mapping": Expect(only("admin", "qa", outsider=404), kwargs=lambda f: {"pk": f.case_import.pk}),
    "cases:import_discard": Expect(
        only("admin", "qa", outsider=404, ok=302),
        kwargs=lambda f: {"pk": f.case_import.pk},
        method="post",
        why="Once discarded, discarding again is refused with a message and still redirects.",
    ),
}

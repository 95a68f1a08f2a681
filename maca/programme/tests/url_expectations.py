"""What each persona gets from the programme pages (see maca/tests/url_expectations.py)."""

from maca.tests.url_expectations import Expect, everyone, only

EXPECTATIONS = {
    # the programme: everyone reads it; admins and QA officers plan it
    "programme:home": Expect(everyone(status=302), why="Redirects to the current year."),
    "programme:year": Expect(everyone(), kwargs=lambda f: {"year": 2026}),
    "programme:programme_new": Expect(only("admin", "qa", "outsider")),
    "programme:priorities": Expect(everyone()),
    "programme:priority_new": Expect(only("admin", "qa", "outsider")),
    "programme:priority": Expect(only("admin", "qa", outsider=404), kwargs=lambda f: {"pk": f.priority.pk}),
    "programme:audit_new": Expect(
        only("admin", "qa", outsider=302), why="The outsider's partnership has no programme yet: sent to create it."
    ),
    "programme:audit": Expect({**everyone(), "outsider": 404}, kwargs=lambda f: {"pk": f.audit.pk}),
    "programme:audit_edit": Expect(only("admin", "qa", outsider=404), kwargs=lambda f: {"pk": f.audit.pk}),
    "programme:audit_move": Expect(only("admin", "qa", outsider=404), kwargs=lambda f: {"pk": f.audit.pk}),
    "programme:audit_scrutineers": Expect(only("admin", "qa", outsider=404), kwargs=lambda f: {"pk": f.audit.pk}),
}

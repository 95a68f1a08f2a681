"""What each persona gets from the cross-case and recurrence pages (see
maca/tests/url_expectations.py)."""

from maca.tests.url_expectations import Expect, only

READERS = ("admin", "qa", "board", "scrutineer", "outsider")

EXPECTATIONS = {
    "findings:across_cases": Expect(
        only("admin", "qa", outsider=404),
        kwargs=lambda f: {"audit_pk": f.recurrence_audit.pk},
        why="Those who record the meeting; findings of another partnership's audit are not found.",
    ),
    "findings:propose_recommendations": Expect(
        only("admin", "qa", outsider=404, ok=302),
        kwargs=lambda f: {"audit_pk": f.recurrence_audit.pk},
        method="post",
    ),
    "findings:recommendation": Expect(
        only("admin", "qa", outsider=404), kwargs=lambda f: {"pk": f.recurrence_recommendation.pk}
    ),
    "findings:recommendation_withdraw": Expect(
        only("admin", "qa", outsider=404), kwargs=lambda f: {"pk": f.recurrence_recommendation.pk}
    ),
    "findings:themes_over_years": Expect(
        only(*READERS),
        why="Counts of themes for everyone who reads findings, the board included; agencies' staff do not; "
        "another partnership's admin sees their own partnership's themes.",
    ),
    "findings:theme_over_years": Expect(only(*READERS), kwargs=lambda f: {"key": "think_family"}),
    "findings:recurring_themes": Expect(only(*READERS)),
    "findings:search": Expect(
        only(*READERS),
        why="Findings carry case numbers, never identifiers; readers who do not record the meeting see only "
        "findings whose themes are confirmed.",
    ),
}

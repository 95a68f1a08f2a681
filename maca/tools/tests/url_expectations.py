"""What each persona gets from the audit tool pages (see maca/tests/url_expectations.py).

Partnership admins and QA officers build tools; nobody else may. The outsider
(admin of another partnership) uses their own partnership's lists and forms but
gets 404 for Testshire's records. POSTs that would change the records carry a
stale ``version``, so they are refused and leave the records as they were for
the next persona.
"""

from maca.tests.url_expectations import Expect, only

BUILDERS = ("admin", "qa")
STALE = {"version": 999}

EXPECTATIONS = {
    "tools:index": Expect(only(*BUILDERS, "outsider")),
    "tools:new": Expect(only(*BUILDERS, "outsider")),
    "tools:install_defaults": Expect(
        only(*BUILDERS, "outsider", ok=302),
        method="post",
        why="Adds the standard tools to the person's own partnership (once), then back to the list.",
    ),
    "tools:scales": Expect(only(*BUILDERS, "outsider")),
    "tools:scale_new": Expect(only(*BUILDERS, "outsider")),
    "tools:tool": Expect(only(*BUILDERS, outsider=404), kwargs=lambda f: {"pk": f.tools_tool.pk}),
    "tools:tool_edit": Expect(only(*BUILDERS, outsider=404), kwargs=lambda f: {"pk": f.tools_tool.pk}),
    "tools:tool_archive": Expect(
        only(*BUILDERS, outsider=404, ok=302),
        kwargs=lambda f: {"pk": f.tools_tool.pk},
        method="post",
        data=lambda f: {},
        why="No 'archive' field: neither archive nor restore is asked for, so it is refused with a message "
        "and nothing changes, back to the tool.",
    ),
    "tools:new_draft": Expect(
        only(*BUILDERS, outsider=404, ok=302),
        kwargs=lambda f: {"pk": f.tools_tool.pk},
        method="post",
        why="The tool already has a draft: refused with a message, back to the tool.",
    ),
    "tools:version": Expect(only(*BUILDERS, outsider=404), kwargs=lambda f: {"pk": f.tools_draft_version.pk}),
    "tools:publish": Expect(
        only(*BUILDERS, outsider=404),
        kwargs=lambda f: {"pk": f.tools_draft_version.pk},
        method="post",
        data=lambda f: STALE,
        why="A stale version: the page is shown again with the conflict, nothing published.",
    ),
    "tools:section_new": Expect(only(*BUILDERS, outsider=404), kwargs=lambda f: {"pk": f.tools_draft_version.pk}),
    "tools:section_edit": Expect(only(*BUILDERS, outsider=404), kwargs=lambda f: {"pk": f.tools_section.pk}),
    "tools:section_move": Expect(
        only(*BUILDERS, outsider=404, ok=302),
        kwargs=lambda f: {"pk": f.tools_section.pk},
        method="post",
        data=lambda f: {**STALE, "direction": "down"},
    ),
    "tools:section_remove": Expect(only(*BUILDERS, outsider=404), kwargs=lambda f: {"pk": f.tools_section.pk}),
    "tools:question_new": Expect(only(*BUILDERS, outsider=404), kwargs=lambda f: {"pk": f.tools_section.pk}),
    "tools:question_edit": Expect(only(*BUILDERS, outsider=404), kwargs=lambda f: {"pk": f.tools_question.pk}),
    "tools:question_move": Expect(
        only(*BUILDERS, outsider=404, ok=302),
        kwargs=lambda f: {"pk": f.tools_question.pk},
        method="post",
        data=lambda f: {**STALE, "direction": "down"},
    ),
    "tools:question_remove": Expect(only(*BUILDERS, outsider=404), kwargs=lambda f: {"pk": f.tools_question.pk}),
}

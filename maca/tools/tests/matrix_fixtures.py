"""Records for the permission matrix (maca/tests/test_permission_matrix.py).

Named ``tools_*`` so they cannot clash with other apps' records."""


def build(world) -> dict:
    """A Testshire tool with a published version 1 and a draft version 2 (a copy)."""
    from maca.tools.services import question_add, section_add, tool_create, version_new_draft, version_publish
    from maca.tools.tests.factories import simple_scale

    qa = world["qa"].user
    tool = tool_create(actor=qa, partnership=world.partnership, name="Matrix audit tool", kind="case")
    first = tool.versions.get()
    section = section_add(actor=qa, version=first, title="Information sharing", expected_version=first.version)
    first.refresh_from_db()
    question_add(
        actor=qa,
        section=section,
        text="How well was information shared?",
        kind="grade",
        scale=simple_scale(),
        expected_version=first.version,
    )
    first.refresh_from_db()
    published = version_publish(actor=qa, version=first, expected_version=first.version)
    draft = version_new_draft(actor=qa, tool=tool)
    draft_section = draft.sections.get()
    return {
        "tools_tool": tool,
        "tools_published_version": published,
        "tools_draft_version": draft,
        "tools_section": draft_section,
        "tools_question": draft_section.questions.get(),
    }

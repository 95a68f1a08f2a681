"""The audit log reads as sentences (issue 8, item 9): "Dana Lee viewed case
F-000123", never ``case.viewed`` or ``accounts.user #1``.

The first test reads the whole code base for the action codes it records and
fails on one without a sentence in ``maca/audit_trail/sentences.py``."""

from __future__ import annotations

import html

from django.urls import reverse

from maca.actions.models import ReminderKind as ActionReminderKind
from maca.audit_trail.models import AuditEvent
from maca.audit_trail.sentences import ACTIONS, sentence
from maca.audit_trail.services import record
from maca.returns.models import ReminderKind
from maca.selection.models import NominationStatus
from maca.selection.tests.builders import make_case
from maca.tests.action_codes import Found, action_codes, read_module
from maca.tests.querycount import assert_queries_do_not_grow

# The codes built at run time (``action=f"reminder.{kind}"``), each family with every member it can make.
FAMILIES = {
    "reminder.": [f"reminder.{kind}" for kind in ReminderKind.values],
    "action_reminder.": [f"action_reminder.{kind}" for kind in ActionReminderKind.values],
    "nomination.": [f"nomination.{status}" for status in NominationStatus.values],
    "return.": ["return.accepted", "return.sent_back"],
}


def test_every_action_code_in_the_code_base_has_a_sentence():
    found = action_codes()
    assert not found.unknown, f"An action given in a way the reader cannot follow (use a string): {found.unknown}"
    unknown_families = sorted(set(found.families) - set(FAMILIES))
    assert not unknown_families, f"Name every code these make in FAMILIES: {unknown_families}"
    codes = set(found.codes) | {code for members in FAMILIES.values() for code in members}
    missing = sorted(f"{code} ({found.codes.get(code, 'built at run time')})" for code in codes - set(ACTIONS))
    assert not missing, f"Give each a sentence in maca/audit_trail/sentences.py: {missing}"
    stale = sorted(set(ACTIONS) - codes)
    assert not stale, f"No code records these any more: remove them from sentences.py: {stale}"


READER_SAMPLE = """
def _viewed(request, action, target):
    record(actor=request.user, action=action, target=target)

def _log(request, action):
    _viewed(request, action, None)

def status_tag(action):
    return action.status

def _step(request, *, action):
    return action(request)

def page(request, item):
    _viewed(request, "page.viewed", item)
    _log(request, "page.logged")
    status_tag(item.action)
    _step(request, action=lambda r: r)
    code = "page.hidden"
    record(actor=None, action=code)
"""


def test_the_reader_follows_helpers_that_record_and_nothing_else():
    found = read_module(Found(), READER_SAMPLE, "sample.py")
    assert set(found.codes) == {"page.viewed", "page.logged"}
    # A function whose ``action`` is the action plan's record, or a step to run, writes no code;
    # a code kept in a variable is still one the reader cannot follow.
    assert found.unknown == ["sample.py:20"]


def test_every_sentence_names_the_record_only_where_there_is_one():
    for code, (label, phrase) in ACTIONS.items():
        assert label and label[0].isupper() and "." not in label, code
        assert phrase == phrase.strip() and phrase[0].islower(), code
        assert phrase.count("{record}") <= 1 and "{" not in phrase.replace("{record}", ""), code


def test_the_log_says_who_did_what_to_which_record_in_words(world, client_for):
    case = make_case(world.partnership)
    qa = world["qa"].user
    record(actor=qa, action="case.viewed", partnership=world.partnership, target=case)
    record(actor=qa, action="membership.updated", partnership=world.partnership, target=world["board"].membership)
    record(actor=None, actor_label="system", action="email.pruned", partnership=world.partnership)
    record(actor=qa, action="agency.updated", partnership=world.partnership, target=world.police)
    client = client_for(world["admin"])
    page = html.unescape(client.get(reverse("audit_trail:events")).content.decode())
    assert f"{qa.full_name} viewed case {case.reference}" in page
    assert f"{qa.full_name} changed {world['board'].user.full_name} (Board member" in page
    assert "maca removed e-mails past their keeping period" in page
    assert f"{qa.full_name} changed the agency ‘{world.police.name}’" in page
    for code_name in ("case.viewed", "cases.case", "accounts.user", "partnerships.agency", "#"):
        assert code_name not in page.split("<main", 1)[1].split("</form>", 1)[1], code_name
    # The event's own page says the same sentence, in its heading.
    event = AuditEvent.objects.get(action="case.viewed", object_id=str(case.pk))
    detail = html.unescape(client.get(reverse("audit_trail:event", args=[event.pk])).content.decode())
    assert f'<h1 class="govuk-heading-l">{qa.full_name} viewed case {case.reference}</h1>' in detail
    # The filter offers actions and kinds of record by name.
    assert '<option value="case.viewed">Case viewed</option>' in page
    assert '<option value="cases.case">Case</option>' in page


def test_a_code_recorded_by_an_older_version_still_reads_as_words(world):
    event = record(actor=world["qa"].user, action="tool_legacy.frobbed", partnership=world.partnership)
    assert sentence(event) == f"{world['qa'].user.full_name} did ‘tool legacy: frobbed’"


def test_what_an_event_recorded_reads_as_words_with_gov_uk_dates(world, client_for):
    event = record(
        actor=world["qa"].user,
        action="retention.applied",
        partnership=world.partnership,
        changes={"before": "2020-01-15", "returns_withdrawn": 3, "tool_version": {"id": 4, "label": "Tool, version 2"}},
    )
    page = html.unescape(client_for(world["admin"]).get(reverse("audit_trail:event", args=[event.pk])).content.decode())
    assert "15 January 2020" in page and "2020-01-15" not in page
    assert "Returns withdrawn" in page and "Tool, version 2" in page and '"id"' not in page


def test_sentences_cost_no_query_per_event_on_the_log_and_the_admins_home_page(world, client_for):
    client = client_for(world["admin"])
    people = [world[name].user for name in ("qa", "lead", "auditor", "board", "scrutineer")]

    def add(n):
        for i in range(n):
            record(
                actor=people[i % len(people)],
                action="agency.updated",
                partnership=world.partnership,
                target=world.police,
            )

    assert_queries_do_not_grow(lambda: client.get(reverse("home:index")), add)
    assert_queries_do_not_grow(lambda: client.get(reverse("audit_trail:events")), add)


def test_the_reader_follows_a_helper_imported_from_another_module():
    source = 'from ._shared import _viewed\n\ndef page(request):\n    _viewed(request, "thing.viewed", None)\n'
    assert read_module(Found(), source, "x.py").codes == {}
    found = read_module(Found(), source, "x.py", imported_helpers={"_viewed": 1})
    assert found.codes == {"thing.viewed": "x.py"}
    # In the code base: the findings pages record through their package's shared helper.
    assert action_codes().codes["meeting.viewed"] == "maca/findings/views/meeting.py"

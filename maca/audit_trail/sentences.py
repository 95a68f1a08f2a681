"""The audit log as sentences: "Dana Lee viewed case F-000123", never
``case.viewed`` or ``accounts.user #1``.

Every action code the code base records has a sentence here (a test reads
the source for every code and fails on one without). A sentence is a phrase
after the person's name; ``{record}`` is replaced by the record it is about,
named as a person reads it. Each code also has a short label, for the log's
"Action" filter.
"""

from __future__ import annotations

from django.apps import apps

SYSTEM = "maca"  # what the log calls the service itself (background work, the scheduler)

# code: (label for the filter, phrase after the person's name)
ACTIONS: dict[str, tuple[str, str]] = {
    # People and access
    "user.created": ("Account created", "created the account of {record}"),
    "user.updated": ("Account changed", "changed the account of {record}"),
    "user.signed_in": ("Signed in", "signed in"),
    "user.signed_out": ("Signed out", "signed out"),
    "user.sign_in_failed": ("Sign-in failed", "failed to sign in"),
    "authenticator.reset": ("Authenticator reset", "reset the authenticator app of {record}"),
    "user.password_changed": ("Password changed", "changed their password"),
    "user.password_set": ("Password set", "set a password"),
    "user.password_reset": ("Password reset", "chose a new password from a password reset link"),
    "authenticator.added": ("Second factor set up", "set up a second factor"),
    "authenticator.removed": ("Second factor removed", "removed a second factor"),
    "authenticator.codes_regenerated": ("Recovery codes replaced", "made new recovery codes, replacing the old ones"),
    "session.partnership_switched": ("Partnership switched", "switched to {record}"),
    "membership.created": ("Member added", "added {record}"),
    "membership.updated": ("Member changed", "changed {record}"),
    # Said as the person's page says it ("Remove access", "Give access again");
    # the stored codes keep their names, so older events read the same way.
    "membership.deactivated": ("Access removed", "removed the access of {record}"),
    "membership.reactivated": ("Access given again", "gave access again to {record}"),
    "invitation.created": ("Invitation sent", "sent {record}"),
    "invitation.resent": ("Invitation sent again", "sent {record} again"),
    "invitation.revoked": ("Invitation withdrawn", "withdrew {record}"),
    "invitation.accepted": ("Invitation accepted", "accepted an invitation, becoming {record}"),
    # The partnership and its agencies
    "partnership.created": ("Partnership created", "created {record}"),
    "partnership.updated": ("Partnership changed", "changed {record}"),
    "agency.created": ("Agency added", "added {record}"),
    "agency.updated": ("Agency changed", "changed {record}"),
    "agency.deactivated": ("Agency no longer taking part", "marked {record} as no longer taking part"),
    "agency.reactivated": ("Agency taking part again", "marked {record} as taking part again"),
    "retention_policy.updated": ("Retention periods changed", "changed the {record}"),
    "retention.applied": ("Retention applied", "removed what had passed its retention period"),
    # The programme and its audits
    "programme.created": ("Programme created", "created {record}"),
    "priority.created": ("Board priority added", "added {record}"),
    "priority.updated": ("Board priority changed", "changed {record}"),
    "audit.created": ("Audit created", "created {record}"),
    "audit.updated": ("Audit changed", "changed {record}"),
    "audit.stage_changed": ("Audit moved on", "moved {record} to another stage"),
    "audit.scrutineers_changed": ("Scrutineers changed", "changed who scrutinises {record}"),
    # Case lists and the case pool
    "case_import.uploaded": ("Case list uploaded", "uploaded a case list ({record})"),
    "case_import.started": ("Case list import started", "started the {record}"),
    "case_import.completed": ("Case list imported", "imported a case list ({record})"),
    "case_import.failed": ("Case list import failed", "could not import a case list ({record})"),
    "case_import.expired": ("Case list upload expired", "let an unfinished case list expire ({record})"),
    "case_import.discarded": ("Case list discarded", "discarded a case list ({record})"),
    "case_import.viewed": ("Case list viewed", "viewed the {record}"),
    "column_mapping.created": ("Column mapping saved", "saved {record}"),
    "column_mapping.updated": ("Column mapping changed", "changed {record}"),
    "case_pool.viewed": ("Case pool viewed", "viewed the case pool"),
    "case_pool.exported": ("Case pool downloaded", "downloaded the case pool"),
    "case.viewed": ("Case viewed", "viewed {record}"),
    # Selecting cases
    "nomination.created": ("Case nominated", "made the {record}"),
    "nomination.accepted": ("Nomination accepted", "accepted the {record}"),
    "nomination.declined": ("Nomination declined", "declined the {record}"),
    "nomination.pending": ("Nomination reopened", "put the {record} back to wait for a decision"),
    "nomination.viewed": ("Nomination viewed", "viewed the {record}"),
    "nominations.viewed": ("Nominations viewed", "viewed the nominations for {record}"),
    "draw.made": ("Cases drawn", "drew the cases for an audit ({record})"),
    "draw_balance.exported": ("Draw balance downloaded", "downloaded the balance table of a draw ({record})"),
    "audit_case.removed": ("Case taken out of an audit", "took {record} out of its audit"),
    "assignments.changed": ("Agencies of a case changed", "changed which agencies audit {record}"),
    "audit_cases.viewed": ("Audit’s cases viewed", "viewed the cases of {record}"),
    "agency_cases.viewed": ("Agency’s cases viewed", "viewed the cases to audit of {record}"),
    "case_agencies.viewed": ("Agencies of a case viewed", "viewed the agencies of {record}"),
    "case_removal.viewed": ("Case removal viewed", "viewed the page to take {record} out of its audit"),
    # Audit tools
    "tool.created": ("Audit tool created", "created {record}"),
    "tool.updated": ("Audit tool changed", "changed {record}"),
    "tool.archived": ("Audit tool archived", "archived {record}"),
    "tool.restored": ("Audit tool restored", "restored {record}"),
    "tool.defaults_installed": ("Shipped audit tools installed", "installed maca’s shipped audit tools"),
    "tool_version.created": ("Tool version drafted", "started a new version: {record}"),
    "tool_version.published": ("Tool version published", "published {record}"),
    "tool_section.added": ("Tool section added", "added {record}"),
    "tool_section.updated": ("Tool section changed", "changed {record}"),
    "tool_section.moved": ("Tool section moved", "moved {record}"),
    "tool_section.removed": ("Tool section removed", "removed {record}"),
    "tool_question.added": ("Tool question added", "added {record}"),
    "tool_question.updated": ("Tool question changed", "changed {record}"),
    "tool_question.moved": ("Tool question moved", "moved {record}"),
    "tool_question.removed": ("Tool question removed", "removed {record}"),
    "grading_scale.created": ("Grading scale created", "created {record}"),
    # Returns and chronologies
    "returns.created": ("Returns created", "created the agencies’ returns for {record}"),
    "return.created": ("Return created", "created {record}"),
    "return.viewed": ("Return viewed", "viewed {record}"),
    "return.saved": ("Return saved", "saved answers to {record}"),
    "return.submitted": ("Return submitted", "submitted {record}"),
    "return.accepted": ("Return accepted", "accepted {record}"),
    "return.sent_back": ("Return sent back", "sent back {record}"),
    "return.withdrawn": ("Return withdrawn", "withdrew {record}"),
    "return.started": ("Return started", "started {record}, adding to its chronology"),
    "return.brought_back": ("Return brought back", "brought back {record}, its agency auditing the case again"),
    "return_history.viewed": ("Return’s changes viewed", "viewed every change to {record}"),
    "agency_returns.viewed": ("Agency’s returns viewed", "viewed the returns of {record}"),
    "chronology.viewed": ("Chronology viewed", "viewed the chronology of {record}"),
    "chronology.entry_added": ("Chronology entry added", "added a chronology entry to {record}"),
    "chronology.entry_updated": ("Chronology entry changed", "changed a chronology entry of {record}"),
    "chronology.entry_removed": ("Chronology entry removed", "removed a chronology entry from {record}"),
    "chronology.imported": ("Chronology imported", "imported chronology entries into {record}"),
    "chronology.import_added_nothing": (
        "Chronology uploaded, nothing new",
        "uploaded a chronology file to {record} whose every row was already in it",
    ),
    "chronology_entry.viewed": ("Chronology entry viewed", "viewed {record}"),
    "reminder.before": ("Reminder sent before the deadline", "sent {record}, before the deadline"),
    "reminder.after": ("Reminder sent after the deadline", "sent {record}, after the deadline"),
    "reminder.manual": ("Reminder sent by hand", "sent {record} by hand"),
    # The meeting, its findings and themes
    "meeting.started": ("Meeting record started", "started the record of the {record}"),
    "meeting.updated": ("Meeting record changed", "changed the record of the {record}"),
    "meeting.attendance_updated": ("Meeting attendance changed", "changed who came to the {record}"),
    "meeting.case_discussed": ("Case discussion recorded", "recorded the meeting’s discussion of {record}"),
    "meeting.viewed": ("Meeting viewed", "viewed the meeting record of {record}"),
    "meeting_case.viewed": ("Case at the meeting viewed", "viewed the meeting’s record of {record}"),
    "finding.created": ("Finding added", "added {record}"),
    "finding.updated": ("Finding changed", "changed {record}"),
    "finding.themes_confirmed": ("Finding’s themes confirmed", "confirmed the themes of {record}"),
    "finding.removed": ("Finding removed", "removed {record}"),
    "finding.names_removed": (
        "Names taken out of a finding",
        "took names out of {record} when their retention period ended",
    ),
    "finding.viewed": ("Finding viewed", "viewed {record}"),
    "theme.created": ("Theme added", "added {record}"),
    "theme.updated": ("Theme changed", "changed {record}"),
    "immediate_concern.raised": ("Immediate concern raised", "raised {record}"),
    "immediate_concern.acknowledged": ("Immediate concern acknowledged", "acknowledged {record}"),
    "immediate_concern.viewed": ("Immediate concern viewed", "viewed {record}"),
    "immediate_concerns.viewed": ("Immediate concerns viewed", "viewed the list of immediate concerns"),
    "practitioner_feedback.recorded": ("Feedback to practitioners recorded", "recorded {record}"),
    "feedback_cases.viewed": ("Cases to feed back on viewed", "viewed the cases to feed back on"),
    # Across the cases and across the years
    "across_cases.viewed": ("Across the cases viewed", "viewed what recurs across the cases of {record}"),
    "recommendation.proposed": ("Recommendation proposed", "proposed {record}"),
    "recommendation.updated": ("Recommendation changed", "changed the wording of {record}"),
    "recommendation.confirmed": ("Recommendation confirmed", "confirmed {record}"),
    "recommendation.withdrawn": ("Recommendation withdrawn", "withdrew {record}"),
    "recommendation.viewed": ("Recommendation viewed", "viewed {record}"),
    # Every audit from its meeting on is searched, not only past ones; "Findings
    # like this one" is recorded under the same code, about the finding
    # compared (``ABOUT_A_RECORD``).
    "findings_search.viewed": ("Findings searched", "searched the findings"),
    "findings.meanings_made": (
        "Findings read for their meaning",
        "read the meaning of findings, so that findings alike in meaning can be found",
    ),
    "audit.exported": ("Audit downloaded as data", "downloaded {record} as data for another system"),
    "audit.imported": ("Past audit imported", "imported {record} from a file of past audits"),
    # Publications
    "publication.drafted": ("Publication drafted", "drafted {record}"),
    "publication.discarded": ("Draft publication discarded", "discarded the draft {record}"),
    "publication.section_changed": ("Publication section changed", "changed a section of {record}"),
    "publication.figures_refreshed": (
        "Publication figures refreshed",
        "drew the charts of {record} again from the findings",
    ),
    "publication.identifier_replaced": (
        "Identifying detail replaced",
        "replaced something that could identify someone in {record}",
    ),
    "publication.check_overridden": (
        "Safety check overridden",
        "kept something the safety check found in {record}, giving a reason",
    ),
    "publication.submitted": ("Publication submitted", "submitted {record} for approval"),
    "publication.approved": ("Publication approved", "approved {record}"),
    "publication.sent_back": ("Publication sent back", "sent {record} back to draft"),
    "publication.published": ("Publication published", "published {record}"),
    "publication.correction_started": ("Correction started", "started a correction of {record}"),
    "publication.correction_abandoned": ("Correction abandoned", "abandoned the correction of {record}"),
    "publication.correction_reason_changed": (
        "Correction’s reason changed",
        "changed the reason for the correction of {record}",
    ),
    "publication.downloaded": ("Publication downloaded", "downloaded {record}"),
    "publication_settings.changed": ("Publication settings changed", "changed the publication settings of {record}"),
    "pseudonyms.given": ("Pseudonyms given", "gave pseudonyms to the children of {record}"),
    "pseudonyms.viewed": ("Pseudonyms viewed", "viewed the pseudonyms and names held for {record}"),
    "pseudonym.created": ("Pseudonym added", "added a pseudonym for a family member in {record}"),
    "pseudonym.names_changed": ("Names held changed", "changed the names held for a pseudonym in {record}"),
    "pseudonym.viewed": ("Names held viewed", "viewed the names held for a pseudonym in {record}"),
    "practice_report.created": ("Use of a publication recorded", "recorded how an agency used {record}"),
    "practice_report.updated": ("Use of a publication changed", "changed how an agency used {record}"),
    # The action plan
    "action.raised": ("Action raised", "raised {record}"),
    "action.due_date_moved": ("Action’s due date moved", "moved the due date of {record}"),
    "action.owner_changed": ("Action’s owner changed", "changed the owner of {record}"),
    "action.progress_posted": ("Action progress added", "added a progress update to {record}"),
    "action.sign_off_requested": (
        "Action sign-off asked for",
        "marked {record} as completed and asked for sign-off",
    ),
    "action.signed_off": ("Action signed off", "signed off {record}"),
    "action.sent_back": ("Action sent back", "sent {record} back to its agency"),
    "action.reopened": ("Action reopened", "reopened {record}"),
    "action.cancelled": ("Action cancelled", "cancelled {record}"),
    "action_evidence.downloaded": ("Action evidence downloaded", "downloaded evidence for {record}"),
    "action_plan.exported": ("Action plan downloaded", "downloaded the action plan"),
    "action_reminder.due_soon": (
        "Action reminder sent before the due date",
        "reminded the owner of {record} that it is due soon",
    ),
    "action_reminder.overdue": ("Overdue action reminder sent", "reminded the owner of {record} that it is overdue"),
    "action_reminder.digest": (
        "Weekly action plan digest sent",
        "sent the QA officers the weekly digest of the action plan",
    ),
    # Downloads
    "responses.exported": ("Response grid downloaded", "downloaded the response grid of {record}"),
    "counts.exported": ("Counts downloaded", "downloaded the counts of {record}"),
    "audit_log.exported": ("Audit log downloaded", "downloaded the audit log"),
    # E-mail and housekeeping
    "email.retried": ("E-mail sent again", "asked for {record} to be sent again"),
    "email.not_sent": ("E-mail not sent", "could not send {record}"),
    "email.pruned": ("Old e-mails removed", "removed e-mails past their keeping period"),
    "tasks.pruned": ("Old background work removed", "removed finished background work past its keeping period"),
}


# Codes no longer recorded, under which older events still stand in the log
# (it is never rewritten): they read as the code that replaced them.
RECORDED_BEFORE: dict[str, tuple[str, str]] = {
    # Now ``return_history.viewed`` (December 2026), so that retention deletes it with the other views.
    "return.history_viewed": ("Return’s changes viewed (older entries)", "viewed every change to {record}"),
}

WORDS = {**ACTIONS, **RECORDED_BEFORE}

# Codes recorded both with and without a record, and the phrase when it has one.
ABOUT_A_RECORD: dict[str, str] = {
    "findings_search.viewed": "looked for findings like {record}",
}


def kind_name(object_type: str) -> str:
    """``returns.return`` -> ``return``: the kind of record as a person says it."""
    if not object_type:
        return ""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type.rsplit(".", 1)[-1].replace("_", " ")


# Kinds of record whose label describes the record ("Invitation for ... to ...")
# rather than naming it with an identifier ("Case F-000123").
DESCRIBED_BY_THEIR_LABEL = {"accounts.invitation"}


def record_phrase(object_type: str, object_id: str, object_label: str) -> str:
    """The record as a sentence names it: "case F-000123", "the audit ‘Neglect
    in families’", or a person's name."""
    if not object_type:
        return "a record"
    kind = kind_name(object_type)
    if not object_label:
        return f"a {kind} (number {object_id})"
    if object_type in ("accounts.user", "accounts.membership"):
        return object_label  # a person: "Dana Lee", "Dana Lee (QA officer, WSP)"
    first_word = object_label.split(" ", 1)[0].lower()
    if first_word in kind.lower().split():
        named = object_label[0].lower() + object_label[1:]  # "Case F-000123" -> "case F-000123"
        # A label that describes rather than names its record needs an article:
        # "the invitation for dana@example.org to ...", not "sent invitation for ...".
        return f"the {named}" if object_type in DESCRIBED_BY_THEIR_LABEL else named
    return f"the {kind} ‘{object_label}’"


def action_label(code: str) -> str:
    """A code's short label for the filter; an unknown code (recorded by an
    older version) is made readable rather than shown raw."""
    if code in WORDS:
        return WORDS[code][0]
    return code.replace("_", " ").replace(".", ": ").capitalize()


def who(event) -> str:
    if event.actor_id and event.actor is not None:
        return event.actor.full_name or event.actor.email
    label = event.actor_label or ""
    return SYSTEM if label in ("", "system") else label


def sentence(event) -> str:
    """ "Dana Lee viewed case F-000123"."""
    record = record_phrase(event.object_type, event.object_id, event.object_label)
    if event.object_type and event.action in ABOUT_A_RECORD:
        phrase = ABOUT_A_RECORD[event.action]
    elif event.action in WORDS:
        phrase = WORDS[event.action][1]
    else:
        phrase = f"did ‘{action_label(event.action).lower()}’" + (" to {record}" if event.object_type else "")
    return f"{who(event)} {phrase.format(record=record)}"

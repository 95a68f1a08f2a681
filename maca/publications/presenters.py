"""Publications and versions as GOV.UK component parameters."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from maca.core.presenters import and_list, date_time, long_date
from maca.publications.models import Status

TAG_COLOURS = {
    Status.DRAFT: "govuk-tag--grey",
    Status.SUBMITTED: "govuk-tag--blue",
    Status.APPROVED: "govuk-tag--turquoise",
    Status.PUBLISHED: "govuk-tag--green",
    Status.WITHDRAWN: "govuk-tag--yellow",
    Status.ABANDONED: "govuk-tag--grey",
}


# What a file name says of a version not yet published (or no longer), so that
# a file saved to a shared drive still says it is not for circulation.
FILE_MARKS = {
    Status.DRAFT: "draft",
    Status.SUBMITTED: "awaiting-approval",
    Status.APPROVED: "approved-not-published",
    Status.WITHDRAWN: "replaced",
    Status.ABANDONED: "abandoned",
}


def download_name(title: str, number: int, status: str, fmt: str) -> str:
    """``annual-quality-assurance-report-2025-26-v1.pdf``; a draft's
    ``…-v1-draft.pdf``. A range of years keeps its dash (``slugify`` alone
    runs "2025–26" into "202526"); accents and other scripts are kept (the
    name is sent with ``attachment_header``, UTF-8 and an ASCII form)."""
    from django.utils.text import slugify

    words = slugify(title.replace("–", "-").replace("—", "-"), allow_unicode=True)[:80].strip("-") or "publication"
    mark = FILE_MARKS.get(Status(status), "")
    return f"{words}-v{number}{f'-{mark}' if mark else ''}.{fmt}"


# A draft the approver sent back, not yet submitted again (``is_back_with_writers``).
SENT_BACK = "Sent back to draft"


def status_words(version) -> str:
    """A version's status in words, the same on every page: the publications
    list, the versions table, the version's own page and its banner."""
    return SENT_BACK if version.is_back_with_writers else Status(version.status).label


def status_tag(version) -> dict:
    """The one way a version's status is shown, on every page."""
    return {"text": status_words(version), "classes": TAG_COLOURS[Status(version.status)]}


def status_html(version) -> str:
    tag = status_tag(version)
    return format_html('<strong class="govuk-tag {}">{}</strong>', tag["classes"], tag["text"])


def last_step_at(version):
    """When the version last changed. A draft: when it was last saved (its
    sections edited, a hit of the safety check replaced or kept, sent back to
    draft), not when it was first drafted. Any other: when it last moved,
    abandoned, published, approved or submitted."""
    if version.status == Status.DRAFT:
        return version.updated_at or version.sent_back_at or version.created_at
    return (
        version.abandoned_at
        or version.published_at
        or version.approved_at
        or version.submitted_at
        or version.sent_back_at
        or version.created_at
    )


def publications_table(rows) -> dict:
    """``rows``: (publication, the version the person sees)."""
    return {
        "caption": "Publications",
        "captionClasses": "govuk-visually-hidden",
        "firstCellIsHeader": True,
        "head": [{"text": "Publication"}, {"text": "Version"}, {"text": "Status"}, {"text": "Last changed"}],
        "rows": [
            [
                {
                    "html": format_html(
                        '<a class="govuk-link" href="{}">{}</a>',
                        reverse("publications:detail", args=[p.pk]),
                        p.title,
                    )
                },
                {"text": str(v.number)},
                {"html": status_html(v)},
                {"text": date_time(last_step_at(v))},
            ]
            for p, v in rows
        ],
    }


def practice_rows(reports) -> list[dict]:
    """Each agency's report on the practice page, its figures as people write
    them ("1,200 staff"), as the annual report's impact table gives them."""
    from maca.partnerships.presenters import agency_name

    return [
        {
            "agency": agency_name(r.agency),
            "meetings": f"{r.meetings_held:,}",
            "staff": f"{r.staff_reached:,}",
            "changes": r.changes_made,
        }
        for r in reports
    ]


def _agencies(n: int) -> str:
    return f"{n} agenc{'y' if n == 1 else 'ies'}"


def uptake_sentence(uptake) -> str:
    """How many agencies have said how they used a publication, in the same
    words on its page and its practice page (``sources.Uptake``): "1 of 2
    agencies asked has said how they used it."; never "1 of 1" of an agency
    that reported when none was asked (none audited the cases in maca)."""
    others = uptake.others_reported
    if not uptake.asked:
        if not others:
            return "No agency was asked to report how it used it."
        return f"No agency was asked to report how it used it, but {_agencies(others)} {_has(others)} said how it did."
    said = (
        f"{uptake.asked_reported} of {_agencies(uptake.asked)} asked {_has(uptake.asked_reported)} "
        "said how they used it."
    )
    if others:
        said += f" {_agencies(others)} not asked {_has(others)} too."
    return said


def _has(n: int) -> str:
    return "has" if n == 1 else "have"


def uptake_cell(uptake) -> str:
    """The annual report's "Agencies reporting" for one publication, by the
    same figures as ``uptake_sentence``: "1 of 2", "1 of 2 (and 1 not asked)",
    "1 (none asked)"."""
    if not uptake.asked:
        return f"{uptake.others_reported} (none asked)"
    cell = f"{uptake.asked_reported} of {uptake.asked}"
    return cell + (f" (and {uptake.others_reported} not asked)" if uptake.others_reported else "")


def kind_in_sentence(kind: str) -> str:
    """A kind of publication as a sentence names it: "the learning summary",
    "the 6 Step Briefing"."""
    from maca.core.presenters import in_sentence
    from maca.publications.models import Kind

    return f"the {in_sentence(Kind(kind).label)}"


def sent_back_text(version) -> str:
    """ "Sent back by Ann Approver on 2 December 2026: say more about fathers", or a dash."""
    if version.sent_back_at is None:
        return "–"
    who = version.sent_back_by.full_name if version.sent_back_by_id else "the approver"
    when = long_date(timezone.localtime(version.sent_back_at).date())
    return f"Sent back by {who} on {when}: {version.sent_back_reason}"


def correction_note(version) -> str:
    """What a correction says of itself, in the same words on the page, in the
    PDF and in the Word file (``rendering.Letterhead.correction_note``):
    "Corrected on 3 March 2027: the number of children in step 1 was wrong";
    "Correction: …" while it is not yet published; empty for a version that
    corrects nothing. The reason is checked for names when the correction
    is started or its reason changed, and again when it is submitted,
    approved and published (``services.correction_reason_problem``)."""
    said = correction_said(version)
    if not said:
        return ""
    if version.published_at is None:
        return f"Correction: {said}"
    return f"Corrected on {long_date(timezone.localtime(version.published_at).date())}: {said}"


def correction_said(version, *, charts: list | None = None) -> str:
    """What a correction says it corrects: its reason, then, when its
    figures changed, ``charts_corrected_sentence``; empty for a version that
    corrects nothing. Its note says it (``correction_note``), and so does the
    versions table. ``charts``: the charts and sections of figures it
    changed, when already read (``figures.charts_corrected_of``)."""
    reason = " ".join((version.correction_reason or "").split())
    if not reason:
        return ""
    return reason + charts_corrected_sentence(version, after=reason, titles=charts)


def charts_corrected_sentence(version, *, after: str = "", titles: list | None = None) -> str:
    """What a correction's note adds when its figures differ from the version
    it corrects (``figures.charts_corrected``): " The figures in the chart
    ‘Strengths and findings by theme’ were changed to agree with the audit’s
    findings.", and of a section of figures drawn from the record (the year's
    report's action plan, impact, what each audit found): " The figures in
    the chart ‘Themes across 2026–27’ and in ‘The action plan’ were changed to
    agree with the year’s record, as at 7 December 2026.", so that a reader can
    tell the published figures changed, not only the words. ``after``: the
    reason it follows, given a full stop if it has none. ``titles``: the
    changes (``figures.FigureChange``), when already read."""
    from maca.publications.document import as_at_sentence
    from maca.publications.figures import charts_corrected, whose_findings

    changes = charts_corrected(version) if titles is None else titles
    if not changes:
        return ""
    stop = "" if not after or after.endswith((".", "!", "?")) else "."
    charts = [f"‘{c.title}’" for c in changes if c.chart]
    sections = [f"‘{c.title}’" for c in changes if not c.chart]
    parts = []
    if charts:
        parts.append(f"{'the chart' if len(charts) == 1 else 'the charts'} {and_list(charts)}")
    if sections:
        parts.append(f"{'in ' if charts else ''}{and_list(sections)}")
    if not sections:
        return f"{stop} The figures in {parts[0]} were changed to agree with {whose_findings(version.publication)}."
    from maca.publications.document import Document

    sections_now = {section.key: section for section in Document.from_json(version.document).sections}
    dates = {as_at_sentence(sections_now[c.key]) for c in changes if c.key in sections_now}
    when = dates.pop().replace("Figures as at", ", as at") if len(dates) == 1 and "" not in dates else ""
    return f"{stop} The figures in {' and '.join(parts)} were changed to agree with the year’s record{when}."


# What the audit log's steps on a version did to it, as a sentence's verb phrase.
_CHANGES = {
    "publication.identifier_replaced": "replaced something the safety check found",
    "publication.check_overridden": "kept something the safety check found, giving a reason",
    "publication.correction_reason_changed": "changed the reason for the correction",
    "publication.figures_refreshed": "refreshed the figures from the findings",
    "publication.submitted": "submitted it for approval",
    "publication.approved": "approved it",
    "publication.sent_back": "sent it back to draft",
    "publication.published": "published it",
}


def changed_meanwhile_text(version, *, doing: str) -> str:
    """After a step (submit, approve, send back, publish) met a conflict:
    what the person is told above the step's form, now set to the version as
    it is: who changed it and how (the newest change the audit log holds for
    it), and that pressing again is a choice made knowing it."""
    from maca.audit_trail.models import AuditEvent
    from maca.publications.document import Document

    event = (
        AuditEvent.objects.filter(
            partnership=version.partnership,
            object_type=version.publication._meta.label_lower,
            object_id=str(version.publication_id),
            changes__version=version.number,
        )
        .select_related("actor")
        .order_by("-occurred_at", "-id")
        .first()
    )
    happened = "Someone changed this version"
    if event is not None:
        who = event.actor.full_name if event.actor_id else event.actor_label
        what = _CHANGES.get(event.action, "changed it")
        if event.action == "publication.section_changed" and event.changes.get("theme_names"):
            what = "changed the old theme names to the new ones"
        elif event.action == "publication.section_changed":
            try:
                heading = Document.from_json(version.document).section(event.changes.get("section", "")).heading
            except KeyError:
                heading = ""
            what = f"changed the section ‘{heading}’" if heading else "changed a section"
        happened = f"{who} {what} on {date_time(event.occurred_at)}"
    return (
        f"{happened}, after you opened this page, so it has not been {doing}. "
        f"Check the version as it is now, then press the button again if it should still be {doing}."
    )


def names_changed_by(pseudonym) -> str:
    """Who last set the names held for a person: a name, or "maca" when its
    retention run forgot them (as the audit log calls the service itself)."""
    return pseudonym.names_changed_by.full_name if pseudonym.names_changed_by_id else "maca"


def names_last_changed(pseudonym) -> str:
    """ "3 March 2027 at 2:05pm by Ann Officer": when the names held for a
    person were last set, and by whom; empty when that is not known (nobody
    has typed any, or they were set before maca kept it and the audit log
    could not tell)."""
    if pseudonym.names_changed_at is None:
        return ""
    return f"{date_time(pseudonym.names_changed_at)} by {names_changed_by(pseudonym)}"


def names_conflict_message(pseudonym, *, by_you: bool = False) -> str:
    """After two people saved the names held for one person at once: what the
    second is told, above their own names, kept as they typed them.
    ``by_you``: what was saved meanwhile is the same person's, from another
    page (another tab or window), and is said so."""
    when = date_time(pseudonym.names_changed_at)
    if by_you:
        return (
            f"You saved the names held for {pseudonym.label} on another page (another tab or window) on {when}, "
            "while editing them here, so the names on this page have not been saved yet. They are shown below, "
            "with the ones you saved there under them: check them and save again to replace those."
        )
    if pseudonym.names_changed_by_id:
        done = f"{pseudonym.names_changed_by.full_name} saved the names held for {pseudonym.label} on {when}"
    else:
        done = (
            f"maca removed the names held for {pseudonym.label} on {when}, "
            "as the partnership’s retention period for them had ended"
        )
    return (
        f"{done}, while you were editing them, so yours have not been saved yet. "
        "Your names are shown below, with theirs under them: check them and save again to replace theirs."
    )


def versions_table(publication, versions, *, show_sent_back: bool = False) -> dict:
    """``show_sent_back``: add what the approver said when sending a version
    back. For the writers and the approver only: it is review talk, never
    checked for names, so never shown with a published version to everyone.
    A correction says what its note says (``correction_said``)."""
    from maca.publications.figures import charts_corrected_of

    versions = list(versions)
    for v in versions:
        v.publication = publication  # read once, not once a version (``charts_corrected_sentence``)
    charts = charts_corrected_of(publication, versions)
    rows = []
    for v in versions:
        who = []
        if v.submitted_by_id:
            who.append(f"submitted by {v.submitted_by.full_name}")
        if v.approved_by_id:
            who.append(f"approved by {v.approved_by.full_name}")
        if v.published_at:
            by = f" by {v.published_by.full_name}" if v.published_by_id else ""
            who.append(f"published{by} on {date_time(v.published_at)}")
        if v.abandoned_by_id:
            who.append(f"abandoned by {v.abandoned_by.full_name} on {date_time(v.abandoned_at)}")
        rows.append(
            [
                {
                    "html": format_html(
                        '<a class="govuk-link" href="{}">Version {}</a>',
                        reverse("publications:version", args=[publication.pk, v.number]),
                        v.number,
                    )
                },
                {"html": status_html(v)},
                {"text": "; ".join(who) or f"drafted by {v.created_by.full_name}"},
                {"text": correction_said(v, charts=charts.get(v.pk, [])) or "–"},
                *([{"text": sent_back_text(v)}] if show_sent_back else []),
            ]
        )
    return {
        "caption": "Versions",
        "captionClasses": "govuk-table__caption--m",
        "firstCellIsHeader": True,
        "head": [
            {"text": "Version"},
            {"text": "Status"},
            {"text": "Who"},
            {"text": "Correction"},
            *([{"text": "Sent back"}] if show_sent_back else []),
        ],
        "rows": rows,
    }


def awaiting_themes_notice(
    awaiting: int,
    *,
    drafted_leaving_some_out: bool = False,
    year: bool = False,
    audits: int = 1,
    words_kept: bool = False,
) -> str:
    """On a draft, what it left out until a person confirms the themes
    (``sources.awaiting_themes_of``), in the meeting page's words; or, once
    none waits, that it was drafted leaving some out
    (``drafted_leaving_some_out``: ``Document.left_out``); empty otherwise.
    ``year``: the year's report, which counts the strengths and findings of
    each of its audits whose themes can still be confirmed
    (``sources.year_awaiting``), and takes them in when its figures are
    refreshed (``services.figures_refresh``) rather than drafted again;
    ``audits``: how many of them wait; ``words_kept``: its figures were
    refreshed since, but "What each audit found and what changed" kept the
    words people gave it, so only they can change them."""
    from maca.findings.presenters import unconfirmed_words
    from maca.publications.drafting.year_report import YEAR_FOUND_HEADING
    from maca.publications.figures import REFRESH_YEAR

    if year:
        where = "at each audit’s meeting" if audits > 1 else "at the audit’s meeting"
        lists, then = "the year’s report counts", f"press ‘{REFRESH_YEAR}’"
    else:
        lists, where, then = "a briefing lists", "at the meeting", "discard this draft and draft the briefing again"
    if awaiting:
        them = "it" if awaiting == 1 else "them"
        return (
            f"{unconfirmed_words(awaiting)}: this draft leaves {them} out, as {lists} only those whose "
            f"themes a person has confirmed. Confirm the themes {where}, then {then}."
        )
    if drafted_leaving_some_out and year:
        # Confirmed, or never to be (the audit moved on to 'Actions'): either
        # way the section no longer says what the record does.
        said = "This draft was drafted leaving out strengths or findings until their themes were confirmed, and none "
        if words_kept:
            return (
                f"{said}waits now. Its figures were refreshed, but ‘{YEAR_FOUND_HEADING}’ kept the words people gave "
                "it, which may still say some are left out: change them to say what each audit found now."
            )
        return f"{said}waits now: {then} to bring ‘{YEAR_FOUND_HEADING}’ up to date."
    if drafted_leaving_some_out:
        return (
            "This draft was drafted leaving out strengths or findings until their themes were confirmed. Their "
            f"themes are confirmed now: {then} to include them."
        )
    return ""


def awaiting_themes_links(awaiting, *, year: bool = False) -> list[dict]:
    """Beside ``awaiting_themes_notice``: where the themes of what a draft
    leaves out are confirmed, the meeting page's "Themes to confirm" of each
    audit (``awaiting``: ``sources.awaiting_themes_by_audit``), named by its
    audit in the year's report (``year``), which counts several."""
    from maca.findings.presenters import THEMES_TO_CONFIRM_ID

    return [
        {
            "text": f"See the strengths and findings of ‘{item.title}’ whose themes are not confirmed"
            if year
            else "See the strengths and findings whose themes are not confirmed",
            "href": reverse("findings:meeting", args=[item.audit_id]) + f"#{THEMES_TO_CONFIRM_ID}",
        }
        for item in awaiting
    ]


# The button beside the notice, on a draft its writers may edit (``services.theme_names_update``).
USE_NEW_THEME_NAMES = "Use the new theme names"


def themes_renamed_notice(renamed: list[tuple[str, str]], *, can_replace: bool = False) -> str:
    """What a version's page says when themes were renamed after it was
    drafted and it still uses their old names (``sources.themes_renamed_since``).
    ``can_replace``: a draft the person may edit, which has the button
    ``USE_NEW_THEME_NAMES`` beside these words; else a version waiting for
    approval or approved, which is sent back to draft first."""
    if not renamed:
        return ""
    pairs = and_list([f"‘{old}’ is now ‘{new}’" for old, new in renamed])
    them = "name" if len(renamed) == 1 else "names"
    said = f"Theme names have changed since this was drafted: {pairs}. This version still uses the old {them}. "
    if can_replace:
        return said + (
            f"‘{USE_NEW_THEME_NAMES}’ changes the old {them} to the new throughout: the chart and its summary, "
            "the tables and the sections’ text."
        )
    return said + f"It must be sent back to draft to use the new {them} before it is published."

"""Tables of the cross-case and recurrence pages, as GOV.UK component parameters."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html

from maca.core.presenters import NOTHING
from maca.findings.extensions import ThemeFigures, recommendation_actions
from maca.findings.models import Polarity, RecommendationStatus
from maca.findings.recurrence import Recurrence, Recurring
from maca.partnerships.presenters import agency_name
from maca.programme.models import year_label

STATUS_TAGS = {
    RecommendationStatus.PROPOSED: "govuk-tag--yellow",
    RecommendationStatus.CONFIRMED: "govuk-tag--green",
    RecommendationStatus.WITHDRAWN: "govuk-tag--grey",
}


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def status_tag(recommendation) -> dict:
    """The one place a recommendation's status is worded."""
    return {"text": recommendation.get_status_display(), "classes": STATUS_TAGS[recommendation.status]}


def removed_findings_note(recommendation) -> str:
    """What a recommendation's page and the audit's "Across the cases" page
    say when findings it was drawn from have been removed since (annotated by
    ``selectors.with_removed_findings``): its status stays as the QA officer
    set it, for them to check. Nothing for a withdrawn one."""
    removed = getattr(recommendation, "findings_removed", 0)
    if not removed or recommendation.status == RecommendationStatus.WITHDRAWN:
        return ""
    confirmed = recommendation.status == RecommendationStatus.CONFIRMED
    since = "confirmed" if confirmed and recommendation.findings_removed_since_confirmed == removed else "proposed"
    has = "has" if removed == 1 else "have"
    return (
        f"{plural(removed, 'finding')} it was drawn from {has} been removed since it was {since}: "
        "check the recommendation still stands."
    )


def resting_on(recommendations) -> list[dict]:
    """What rests on a finding, said on its removal page before it goes: each
    recommendation drawn from it (``selectors.drawn_from``, the links whose
    removal ``removed_findings_note`` reports afterwards), its status and the
    actions raised from it still open, each with the address of its page."""
    return [
        {
            "text": recommendation.text,
            "href": reverse("findings:recommendation", args=[recommendation.pk]),
            "status": recommendation.get_status_display(),
            "open_actions": [a for a in recommendation_actions(recommendation=recommendation) if a.is_open],
        }
        for recommendation in recommendations
    ]


def case_list_text(numbers: list[int]) -> str:
    if not numbers:
        return "across cases"
    if len(numbers) == 1:
        return f"case {numbers[0]}"
    return "cases " + ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"


def finding_where(finding) -> str:
    where = f"Case {finding.audit_case.number}" if finding.audit_case_id else "Across cases"
    if finding.agency_id:
        where += f", {agency_name(finding.agency)}"
    return where


def theme_card(item) -> dict:
    """One theme found in two or more cases (``cross_case.CrossCaseTheme``),
    concern or strength, as the "Across the cases" page shows it: each finding
    with the case (and agency) it was found in, and a concern's recommendation
    with its status."""
    recommendation = item.recommendation
    return {
        "item": item,
        "tag": status_tag(recommendation) if recommendation else None,
        "removed_note": removed_findings_note(recommendation) if recommendation else "",
        "findings": [(finding_where(f), f.text) for f in item.findings],
    }


def theme_names(finding) -> str:
    return ", ".join(tag.theme.name for tag in finding.tags.all()) or "No confirmed theme"


def presence_table(presence, total: int) -> dict:
    return {
        "caption": f"What was present in the {plural(total, 'case')}",
        "captionClasses": "govuk-table__caption--m",
        "firstCellIsHeader": True,
        "head": [
            {"text": "Circumstance or theme"},
            {"text": "Cases", "format": "numeric"},
            {"text": "Flagged in the case list", "format": "numeric"},
            {"text": "Raised in findings", "format": "numeric"},
        ],
        "rows": [
            [
                {"text": row.label},
                {"text": f"{row.cases} of {row.of}", "format": "numeric"},
                {"text": str(row.flagged), "format": "numeric"},
                {"text": str(row.in_findings), "format": "numeric"},
            ]
            for row in presence
        ],
    }


def years_table(found: Recurrence, figures: ThemeFigures) -> dict:
    """Every theme found: its concerns and strengths, in how many audits, the
    first and last programme years it was found in (as a concern or a
    strength: "raised" is what the recurring page says of concerns alone, so
    it is not said here); then the figures other apps add."""
    head = [
        {"text": "Theme"},
        {"text": "Concerns", "format": "numeric"},
        {"text": "Strengths", "format": "numeric"},
        {"text": "Audits", "format": "numeric"},
        {"text": "First found"},
        {"text": "Last found"},
        *({"text": label, "format": "numeric"} for label in figures.labels),
    ]
    points = found.point_by_audit
    theme_page = reverse("findings:theme_over_years", args=["-"])[: -len("-/")]
    rows = []
    for history in found.histories:
        totals = history.totals
        raised = sorted((points[audit_id] for audit_id in history.by_audit), key=lambda p: p.order)
        # By programme year, not by meeting day: a meeting may fall in the year after its audit's.
        years = sorted({point.year for point in raised})
        href = f"{theme_page}{history.theme.key}/"
        rows.append(
            [
                {"html": format_html('<a class="govuk-link" href="{}">{}</a>', href, history.theme.name)},
                {"text": str(totals.concerns), "format": "numeric"},
                {"text": str(totals.strengths), "format": "numeric"},
                {"text": str(len(raised)), "format": "numeric"},
                {"text": year_label(years[0])},
                {"text": year_label(years[-1])},
                *(_figure_cell(figure) for figure in figures.row(history.theme.pk)),
            ]
        )
    return {
        "caption": "Each theme over the years",
        "captionClasses": "govuk-table__caption--m",
        "firstCellIsHeader": True,
        "head": head,
        "rows": rows,
        "attributes": {"id": "themes-table"},
    }


def _figure_cell(figure) -> dict:
    if figure is None:
        return {"text": NOTHING, "format": "numeric"}
    if figure.url:
        return {
            "html": format_html('<a class="govuk-link" href="{}">{}</a>', figure.url, figure.value),
            "format": "numeric",
        }
    return {"text": str(figure.value), "format": "numeric"}


def theme_audits_table(found: Recurrence, history) -> dict:
    """One theme, audit by audit, newest first, each linked to its findings."""
    rows = []
    search = reverse("findings:search")
    for point in reversed(found.points):
        counts = history.by_audit.get(point.audit.pk)
        if counts is None:
            continue
        href = f"{search}?theme={history.theme.key}&audit={point.audit.pk}"
        rows.append(
            [
                {"html": format_html('<a class="govuk-link" href="{}">{}</a>', href, point.audit.title)},
                {"text": point.year_label},
                {"text": str(counts.concerns), "format": "numeric"},
                {"text": str(counts.strengths), "format": "numeric"},
            ]
        )
    return {
        "caption": f"{history.theme.name}, audit by audit",
        "captionClasses": "govuk-table__caption--m",
        "firstCellIsHeader": True,
        "head": [
            {"text": "Audit"},
            {"text": "Programme year"},
            {"text": "Concerns", "format": "numeric"},
            {"text": "Strengths", "format": "numeric"},
        ],
        "rows": rows,
    }


def recurring_table(recurring: list[Recurring]) -> dict:
    """Each recurring theme: the latest audit it was raised in and the one
    before, each linked to that audit's concerns on the theme (what the row
    counts: its strengths are not opened with them); how many audits and years
    in all, linked to the theme's page, which lists them all."""
    search = reverse("findings:search")
    theme_page = reverse("findings:theme_over_years", args=["-"])[: -len("-/")]

    def link(point, key: str):
        return format_html(
            '<a class="govuk-link" href="{}?theme={}&amp;audit={}&amp;polarity={}">{}</a> ({})',
            search,
            key,
            point.audit.pk,
            Polarity.CONCERN.value,
            point.audit.title,
            point.year_label,
        )

    rows = []
    for item in recurring:
        before = link(item.earlier[0], item.theme.key)
        if len(item.earlier) > 1:
            more = len(item.earlier) - 1
            before = format_html("{} <br>and {}", before, plural(more, "earlier audit"))
        rows.append(
            [
                {"text": item.theme.name},
                {"html": link(item.latest, item.theme.key)},
                {"html": before},
                {
                    "html": format_html(
                        '<a class="govuk-link" href="{}{}/">{}</a>',
                        theme_page,
                        item.theme.key,
                        f"{plural(item.audits, 'audit')} in {plural(item.years, 'programme year')}",
                    )
                },
            ]
        )
    return {
        "caption": "Themes raised as a concern again",
        "captionClasses": "govuk-table__caption--m",
        "firstCellIsHeader": True,
        "head": [
            {"text": "Theme"},
            {"text": "Raised again in"},
            {"text": "Raised before in"},
            # Audits where the theme was a concern: the theme's page, which it links
            # to, counts every audit with the theme, strengths included.
            {"text": "Raised as a concern in"},
        ],
        "rows": rows,
        "attributes": {"id": "recurring-table"},
    }


def polarity_tag(finding) -> dict:
    if finding.polarity == Polarity.STRENGTH:
        return {"text": "Strength", "classes": "govuk-tag--blue"}
    return {"text": "Concern", "classes": "govuk-tag--red"}

"""Links between the action plan and what actions are raised from: an
action's recommendation, findings, concern and audit; an audit's
recommendations and findings that actions can answer."""

from __future__ import annotations

from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from maca.accounts.roles import Capability
from maca.actions import access
from maca.actions.models import FINISHED_STATUSES, Action
from maca.actions.presenters import action_href, due_text
from maca.core.presenters import in_sentence, long_date, written
from maca.findings.access import can_see_meeting
from maca.findings.extensions import LinkedAction
from maca.findings.models import Finding, Polarity, Recommendation, RecommendationStatus
from maca.partnerships.presenters import agency_name

# What an action's page says of a finding or recommendation whose words the
# reader may not read there (as the findings pages would not show them).
REMOVED_FINDING = "A finding since removed"
UNCONFIRMED_FINDING = "A finding whose themes are not confirmed yet"
WITHDRAWN_RECOMMENDATION = "A recommendation since withdrawn"


def confirmed_recommendations(partnership_id: int):
    return Recommendation.objects.filter(partnership_id=partnership_id, status=RecommendationStatus.CONFIRMED)


def raisable_or_withdrawn_recommendations(partnership_id: int):
    """The confirmed recommendations and those withdrawn since: a raise form sent
    after its recommendation was withdrawn says so (a proposed one never had a form)."""
    return Recommendation.objects.filter(
        partnership_id=partnership_id, status__in=[RecommendationStatus.CONFIRMED, RecommendationStatus.WITHDRAWN]
    )


def findings_current_or_removed(partnership_id: int):
    """The findings, removed ones and strengths too: a raise form sent after its
    concern was removed, or made a strength, says so."""
    return Finding.objects.filter(partnership_id=partnership_id)


def current_concerns(partnership_id: int):
    """The findings an action can answer: concerns not removed (a strength is
    something to keep doing, not something to put right)."""
    return Finding.objects.filter(partnership_id=partnership_id, removed_at__isnull=True, polarity=Polarity.CONCERN)


def _row(key: str, text: str | None = None, html=None) -> dict:
    return {"key": {"text": key}, "value": {"html": html} if html is not None else {"text": text}}


def _names(items) -> str:
    return ", ".join(str(t) for t in items) or "None"


def recommendation_rows(recommendation) -> list[dict]:
    return [
        _row("Recommendation", recommendation.text),
        _row("Audit", recommendation.audit.title),
        _row("Themes", _names(recommendation.themes.all())),
    ]


def finding_rows(finding) -> list[dict]:
    return [
        _row(finding.get_polarity_display(), finding.text),
        _row("Audit", finding.audit.title),
        _row("Themes", _names(finding.themes.all())),
    ]


def _recommendation_value(recommendation, membership) -> dict:
    """A withdrawn recommendation's words are read only where the findings
    pages show them: by those who record the meeting (its own page)."""
    if recommendation.status != RecommendationStatus.WITHDRAWN:
        return written(recommendation.text)
    if not membership.can(Capability.RECORD_MEETING):
        return {"text": WITHDRAWN_RECOMMENDATION}
    value = written(recommendation.text)
    return {"html": format_html('<p class="govuk-body govuk-!-margin-bottom-2">Since withdrawn:</p>{}', value["html"])}


def _finding_words(findings, *, audit, membership) -> list[str]:
    """Each finding's words as the findings pages would show them to this
    person: a removed finding's to nobody; a finding whose themes are not
    confirmed yet only to those who read the audit's meeting
    (``findings.access.can_see_meeting``), not the board or the owner agency."""
    reads_unconfirmed = None  # asked once, and only when a finding needs it
    words = []
    for finding in findings:
        if finding.removed_at is not None:
            words.append(REMOVED_FINDING)
            continue
        if finding.tags_confirmed_at is None:
            if reads_unconfirmed is None:
                reads_unconfirmed = can_see_meeting(membership, audit)
            if not reads_unconfirmed:
                words.append(UNCONFIRMED_FINDING)
                continue
        words.append(finding.text.strip())
    return words


def concern_value(concern) -> str:
    """An urgent action's "Immediate concern" row: when it was raised and
    about which case, then, once the agency has acknowledged it, who did and
    when, as the plan says a step was taken ("1 July 2026 by Lena Lead") and
    names a person with their agency ("Lena Lead (Wyvern and Fenmoor Police)").
    Days in the partnership's time zone, as the concern's own page says them."""
    raised = f"Raised {long_date(timezone.localtime(concern.raised_at).date())} about case {concern.audit_case.number}"
    agency = agency_name(concern.agency)
    if concern.acknowledged_at is None:
        # Until then, said as the concern's own page says it: sent, or not
        # sent because the agency had no lead to e-mail.
        if concern.alert_sent_at:
            then = f"Sent to {agency}, not yet acknowledged"
        else:
            then = f"Not sent: {agency} has no lead to e-mail. Telephone them."
    else:
        who = f"{concern.acknowledged_by.full_name} ({agency})" if concern.acknowledged_by_id else agency
        then = f"Acknowledged {long_date(timezone.localtime(concern.acknowledged_at).date())} by {who}"
    return format_html(
        '<p class="govuk-body govuk-!-margin-bottom-2">{}</p><p class="govuk-body govuk-!-margin-bottom-0">{}</p>',
        raised,
        then,
    )


def link_rows(action: Action, membership) -> list[dict]:
    """Summary rows linking an action back to what it was raised from, as
    ``membership``'s person may read them."""
    rows = []
    if action.recommendation_id:
        value = _recommendation_value(action.recommendation, membership)
        rows.append({"key": {"text": "Recommendation"}, "value": value})
    findings = list(action.findings.all())
    if findings:
        words = _finding_words(findings, audit=action.audit, membership=membership)
        rows.append(
            _row(
                "Findings",
                html=format_html(
                    '<ul class="govuk-list govuk-list--bullet">{}</ul>',
                    format_html_join("", '<li class="maca-pre-wrap">{}</li>', ((w,) for w in words)),
                ),
            )
        )
    if action.concern_id:
        rows.append(_row("Immediate concern", html=concern_value(action.concern)))
    rows.append(_row("Themes", _names(action.themes.all())))
    return rows


def concern_action_rows(*, concern, membership) -> list[dict]:
    """What an immediate concern's page shows of its urgent action
    (registered with ``findings.extensions`` in ``ActionsConfig.ready``):
    its reference and title, due date and status, linked to the action where
    the reader may open it."""
    action = Action.objects.filter(concern=concern).first()
    if action is None:
        return []
    name = f"{action.reference}: {action.title}"
    if access.visible_actions(membership).filter(pk=action.pk).exists():
        href = action_href(action.pk, reverse("findings:concern", args=[concern.pk]))
        name = format_html('<a class="govuk-link" href="{}">{}</a>', href, name)
    return [
        _row(
            "Urgent action",
            html=format_html("{}, due {}, status {}", name, due_text(action), in_sentence(action.get_status_display())),
        )
    ]


def sources_of_audit(audit) -> dict:
    """The audit's confirmed recommendations and concerns found, each with the
    actions already raised from it, for the QA officer to raise more."""
    recommendations = list(
        confirmed_recommendations(audit.partnership_id)
        .filter(audit=audit)
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("number")))
        .annotate(n_themes=Count("theme_links"))
        .order_by("position", "id")
    )
    findings = list(
        current_concerns(audit.partnership_id)
        .filter(audit=audit)
        .select_related("audit_case")  # "Case 3" on each row
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("number")))
        .order_by("id")
    )

    def raised(items):
        return format_html_join(
            ", ",
            '<a class="govuk-link" href="{}">{}</a>',
            ((reverse("actions:detail", args=[a.pk]), a.reference) for a in items),
        )

    return {
        "recommendations": [
            {
                "text": r.text,
                "raised": raised(r.actions.all()),
                "href": reverse("actions:raise_from_recommendation", args=[r.pk]),
            }
            for r in recommendations
        ],
        "findings": [
            {
                "text": f.text,
                "where": f"Case {f.audit_case.number}" if f.audit_case_id else "Across cases",
                "raised": raised(f.actions.all()),
                "href": reverse("actions:raise_from_finding", args=[f.pk]),
            }
            for f in findings
        ],
    }


def recommendation_actions(*, recommendation) -> list[LinkedAction]:
    """The actions raised from ``recommendation``, oldest first, for its
    withdraw page (``findings.extensions.register_recommendation_actions``)."""
    actions = Action.objects.filter(
        partnership_id=recommendation.partnership_id, recommendation_id=recommendation.pk
    ).order_by("number")
    return [
        LinkedAction(
            name=str(action),
            status=action.get_status_display(),
            url=action_href(action.pk),
            is_open=action.status not in FINISHED_STATUSES,
        )
        for action in actions
    ]

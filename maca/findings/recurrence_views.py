"""Across cases (one audit) and across years (the partnership): cross-case
themes and their recommendations, themes over the years, recurring themes,
and the search across every finding. ADR 0019."""

from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.audit_trail.services import record
from maca.core.concurrency import EditConflict, changed_on_another_page, typed_again_after_conflict
from maca.core.errors import Refused, apply_validation_error
from maca.core.numbers import whole_number
from maca.core.presenters import pagination
from maca.findings import recurrence_presenters as presenters
from maca.findings import selectors
from maca.findings.counting import COUNTED_STAGES
from maca.findings.cross_case import across_cases as find_across_cases
from maca.findings.cross_case import counts_reports
from maca.findings.extensions import recommendation_actions, theme_figures
from maca.findings.models import Polarity, Recommendation, RecommendationStatus
from maca.findings.recommendation_services import (
    OPEN_STAGES,
    close_them_first_text,
    closed_text,
    finished_actions_text,
    recommendation_save,
    recommendation_withdraw,
    recommendations_propose,
    still_open_text,
)
from maca.findings.recurrence import recurrence, theme_years_chart, themes_chart
from maca.findings.recurrence_forms import RecommendationForm, SearchForm, WithdrawRecommendationForm
from maca.findings.search import BY_MEANING, MAX_WORDS, Query, findings_like, search
from maca.programme.models import Audit, Stage, places_called, returns_called
from maca.programme.selectors import audits_for
from maca.returns import counts_presenters
from maca.returns import selectors as return_selectors
from maca.returns.counting import summarise

PAGE_SIZE = 25


def _audit_for(request, pk: int) -> Audit:
    audit = audits_for(request.partnership).filter(pk=pk).first()
    if audit is None:
        raise Http404("No such audit")
    return audit


def _recommendation_for(request, pk: int) -> Recommendation:
    recommendation = selectors.recommendation_of(request.partnership, pk)
    if recommendation is None:
        raise Http404("No such recommendation")
    return recommendation


def grade_tables(audit: Audit) -> list[dict]:
    """The grades agencies gave in their returns, agency by agency (the counts
    page's tables, defined once in ``returns``)."""
    summary = summarise(
        return_selectors.audit_returns(audit), agencies=return_selectors.partnership_agencies(audit.partnership_id)
    )
    grades_only = dataclasses.replace(summary, received=[], standard_met=[], yes_no=[], numbers=[])
    return counts_presenters.summary_tables(grades_only)[1:] if summary.grades else []


def _presence_table(found, *, reports: bool) -> dict:
    """What was present in the cases; in a deep dive, with how many agencies'
    summative reports raised each theme beside the cases' findings."""
    table = presenters.presence_table(found.presence, len(found.audit_cases))
    if not reports:
        return table
    table["head"][3] = {"text": "Raised in a case’s findings", "format": "numeric"}
    table["head"].append({"text": "Raised in summative reports", "format": "numeric"})
    for cells, row in zip(table["rows"], found.presence, strict=True):
        cells.append({"text": str(len(row.agencies)), "format": "numeric"})
    return table


@require_capability(Capability.RECORD_MEETING)
def across_cases(request, audit_pk: int):
    audit = _audit_for(request, audit_pk)
    found = find_across_cases(audit)
    record(
        actor=request.user,
        action="across_cases.viewed",
        partnership=request.partnership,
        target=audit,
        changes={"cases": len(found.audit_cases), "findings": len(found.findings)},
    )
    unproposed = [item for item in found.concerns if item.recommendation is None]
    # Findings whose themes nobody has confirmed count nowhere on this page:
    # said when nothing is found, so that "confirm them first" is only said when true.
    unconfirmed = selectors.unconfirmed_count(audit)
    reports = counts_reports(audit)
    return render(
        request,
        "findings/recurrence/across_cases.html",
        {
            "audit": audit,
            "found": found,
            "reports": reports,
            "in_one": places_called(audit.kind, 1),
            "returns_called": returns_called(audit.kind),
            "cases_count": len(found.audit_cases),
            "presence_table": _presence_table(found, reports=reports),
            "grade_tables": grade_tables(audit),
            "concern_cards": [presenters.theme_card(item) for item in found.concerns],
            "strength_cards": [presenters.theme_card(item) for item in found.strengths],
            "recommendation_rows": [
                {
                    "recommendation": r,
                    "tag": presenters.status_tag(r),
                    "removed_note": presenters.removed_findings_note(r),
                }
                for r in found.recommendations
            ],
            "unproposed": unproposed,
            "unconfirmed": unconfirmed,
            "meeting_url": reverse("findings:meeting", args=[audit.pk]) if audit.stage in COUNTED_STAGES else "",
            "can_change": audit.stage in OPEN_STAGES,
            "closed_text": closed_text(audit),
            "back_url": reverse("programme:audit", args=[audit.pk]),
        },
    )


@require_POST
@require_capability(Capability.RECORD_MEETING)
def propose(request, audit_pk: int):
    audit = _audit_for(request, audit_pk)
    try:
        created = recommendations_propose(actor=request.user, audit=audit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if created:
            messages.success(
                request,
                f"{presenters.plural(len(created), 'recommendation')} proposed. Edit each one’s words and confirm it.",
            )
        else:
            messages.info(
                request, f"Every theme found in two or more {audit.places_called} already has a recommendation."
            )
    return redirect("findings:across_cases", audit_pk=audit.pk)


SAVED_MEANWHILE = (
    "Someone else changed this recommendation while you were editing it. Your words have not been saved. "
    "What is saved now is shown above them: save again to replace it with yours."
)
# The same, when every change meanwhile was the person's own, on another page (ADR 0027).
SAVED_MEANWHILE_BY_YOU = (
    f"{changed_on_another_page('this recommendation')}. Your words here have not been saved. "
    "What is saved now is shown above them: save again to replace it with yours."
)


def _changed_only_by_you(request, item, version) -> bool:
    return selectors.recommendation_changed_since_by(item, version) == {request.user.pk}


def _not_saved_because(item) -> str:
    if item.status == RecommendationStatus.WITHDRAWN:
        why = "this recommendation was withdrawn while you were editing it"
    else:
        why = closed_text(item.audit).rstrip(".")
        why = why[:1].lower() + why[1:]
    return f"Your words have not been saved: {why}. They are shown below, so that you can copy them."


@require_capability(Capability.RECORD_MEETING)
def recommendation(request, pk: int):
    item = _recommendation_for(request, pk)
    audit = item.audit
    can_change = audit.stage in OPEN_STAGES and item.status != RecommendationStatus.WITHDRAWN
    form = RecommendationForm(request.POST or None, initial={"version": item.version, "text": item.text})
    saved_now = None
    not_saved = None
    if request.method == "POST" and not can_change:
        # Withdrawn, or the audit moved on, while the page was open: said, and
        # the words typed are shown for the person to copy.
        not_saved = request.POST.get("text", "")
        form.is_valid()
        form.add_error(None, _not_saved_because(item))
    elif request.method == "POST" and form.is_valid():
        confirm = "confirm" in request.POST
        try:
            recommendation_save(
                actor=request.user,
                recommendation=item,
                text=form.cleaned_data["text"],
                confirm=confirm,
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            # Their words stay in the box; what is saved now is shown beside
            # them, and a second save replaces it knowingly.
            item = _recommendation_for(request, pk)
            saved_now = item.text
            by_you = _changed_only_by_you(request, item, form.cleaned_data["version"])
            said = SAVED_MEANWHILE_BY_YOU if by_you else SAVED_MEANWHILE
            form = typed_again_after_conflict(RecommendationForm, request.POST, error, said)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Recommendation confirmed." if confirm else "Recommendation saved.")
            return redirect("findings:across_cases", audit_pk=audit.pk)
    if request.method == "GET":
        record(
            actor=request.user,
            action="recommendation.viewed",
            partnership=request.partnership,
            target=item,
            changes={"findings": item.findings.count()},
        )
    findings = [
        (presenters.finding_where(finding), finding.text)
        for finding in item.findings.filter(removed_at__isnull=True)
        .select_related("audit_case", "agency__parent")
        .order_by("audit_case__number", "id")
    ]
    return render(
        request,
        "findings/recurrence/recommendation.html",
        {
            "item": item,
            "audit": audit,
            "form": form,
            "can_change": can_change,
            "findings": findings,
            "status": presenters.status_tag(item),
            "removed_note": presenters.removed_findings_note(item),
            # Why it cannot be changed now, in the words the across-cases page uses.
            "closed_text": closed_text(audit),
            "saved_now": saved_now,
            "not_saved": not_saved,
            "back_url": reverse("findings:across_cases", args=[audit.pk]),
        },
    )


@require_capability(Capability.RECORD_MEETING)
def withdraw(request, pk: int):
    item = _recommendation_for(request, pk)
    # Said before anything is typed, not after: the form is not offered when it cannot succeed.
    if item.status == RecommendationStatus.WITHDRAWN or closed_text(item.audit):
        raise Refused(
            title="This recommendation cannot be withdrawn",
            caption=item.audit.title,
            paragraphs=[
                "It has already been withdrawn."
                if item.status == RecommendationStatus.WITHDRAWN
                else closed_text(item.audit)
            ],
            back_text="Go to the recommendation",
            back_url=reverse("findings:recommendation", args=[item.pk]),
        )
    linked = recommendation_actions(recommendation=item)
    still_open = [action for action in linked if action.is_open]
    form = WithdrawRecommendationForm(request.POST or None, initial={"version": item.version})
    not_saved = None
    if still_open:
        # Not offered while an action raised from it is open: each is closed or cancelled in the plan first.
        # Raised while the page was open: the reason typed is shown, to copy.
        not_saved = request.POST.get("reason", "") if request.method == "POST" else None
        form = None
    elif request.method == "POST" and form.is_valid():
        try:
            recommendation_withdraw(
                actor=request.user,
                recommendation=item,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            item = _recommendation_for(request, pk)
            if _changed_only_by_you(request, item, form.cleaned_data["version"]):
                who = "You changed this recommendation on another page (another tab or window)"
            else:
                who = "Someone else changed this recommendation"
            form = typed_again_after_conflict(
                WithdrawRecommendationForm,
                request.POST,
                error,
                f"{who} while you were withdrawing it. It has not been withdrawn. "
                "Check it, then withdraw it again if you still mean to.",
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The recommendation has been withdrawn. It is kept, marked as withdrawn.")
            return redirect("findings:across_cases", audit_pk=item.audit_id)
    return render(
        request,
        "findings/recurrence/withdraw.html",
        {
            "item": item,
            "form": form,
            "still_open": still_open,
            "still_open_text": still_open_text(len(still_open)),
            "close_them_first": close_them_first_text(len(still_open)),
            "finished": [action for action in linked if not action.is_open],
            "finished_text": finished_actions_text(len(linked) - len(still_open)),
            "not_saved": not_saved,
            "back_url": reverse("findings:recommendation", args=[item.pk]),
        },
    )


@require_capability(Capability.VIEW_FINDINGS)
def themes_over_years(request):
    found = recurrence(request.partnership)
    figures = theme_figures(partnership=request.partnership, theme_ids=[h.theme.pk for h in found.histories])
    return render(
        request,
        "findings/recurrence/themes_over_years.html",
        {
            "found": found,
            "chart": themes_chart(found) if found.histories else None,
            "table": presenters.years_table(found, figures),
        },
    )


@require_capability(Capability.VIEW_FINDINGS)
def theme_over_years(request, key: str):
    theme = selectors.theme_with_key(request.partnership, key)
    if theme is None:
        raise Http404("No such theme")
    found = recurrence(request.partnership, theme=theme)
    history = found.history(theme.pk)
    figures = theme_figures(partnership=request.partnership, theme_ids=[theme.pk])
    return render(
        request,
        "findings/recurrence/theme_over_years.html",
        {
            "theme": theme,
            "history": history,
            "chart": theme_years_chart(found, history) if history else None,
            "table": presenters.theme_audits_table(found, history) if history else None,
            "figures": [figure for figure in figures.row(theme.pk) if figure is not None],
            "search_url": reverse("findings:search") + f"?theme={theme.key}",
            "back_url": reverse("findings:themes_over_years"),
        },
    )


@require_capability(Capability.VIEW_FINDINGS)
def recurring(request):
    found = recurrence(request.partnership)
    items = found.recurring()
    latest = found.points[-1] if found.points else None
    again_now = [item for item in items if latest and item.latest.audit.pk == latest.audit.pk]
    return render(
        request,
        "findings/recurrence/recurring.html",
        {
            "items": items,
            "latest": latest,
            "again_now": again_now,
            "table": presenters.recurring_table(items) if items else None,
        },
    )


def _query_string(request, *leave_out: str) -> str:
    """The search the person is on ("q=...&page=2"), without ``leave_out``."""
    kept = request.GET.copy()
    for name in leave_out:
        kept.pop(name, None)
    return kept.urlencode()


def _findings_like(request, raw_like: str, *, confirmed_only: bool):
    """The findings worded most like one finding the person may read."""
    readable = search(request.partnership, Query(), confirmed_only=confirmed_only)
    like = whole_number(raw_like)
    finding = readable.filter(pk=like).first() if like is not None else None
    if finding is None:
        raise Http404("No such finding")
    alike = findings_like(request.partnership, finding, confirmed_only=confirmed_only)
    record(
        actor=request.user,
        action="findings_search.viewed",
        partnership=request.partnership,
        target=finding,
        changes={"like": finding.pk, "found": len(alike.findings), "by": alike.by},
    )
    return render(
        request,
        "findings/recurrence/like.html",
        {
            "finding": finding,
            "alike": [{"finding": f, "percent": round(similarity * 100)} for f, similarity in alike.findings],
            "by_meaning": alike.by == BY_MEANING,
            "can_open_audit": request.membership.can(Capability.RECORD_MEETING),
            "back_url": "?".join(filter(None, [reverse("findings:search"), _query_string(request, "like")])),
        },
    )


@require_capability(Capability.VIEW_FINDINGS)
def search_findings(request):
    themes = list(selectors.themes_of(request.partnership, include_retired=True).order_by("position", "name"))
    form = SearchForm(request.GET or None, themes=themes)
    audit = None
    raw_audit = request.GET.get("audit", "")
    if raw_audit:
        # An audit number that names none of the partnership's audits is not
        # quietly widened to every audit: the page would say the wrong thing.
        number = whole_number(raw_audit)
        if number:
            audit = audits_for(request.partnership).filter(pk=number).select_related("programme").first()
        if audit is None:
            raise Http404("No such audit")
    confirmed_only = not request.membership.can(Capability.RECORD_MEETING)
    raw_like = request.GET.get("like", "")
    if raw_like:
        return _findings_like(request, raw_like, confirmed_only=confirmed_only)
    query = Query()
    if form.is_valid():
        query = Query(
            text=form.cleaned_data["q"],
            theme=form.cleaned_data["theme"],
            polarity=form.cleaned_data["polarity"],
            audit=audit.pk if audit else None,
        )
    elif audit:
        query = Query(audit=audit.pk)
    page = None
    if not query.is_empty:
        results = search(request.partnership, query, confirmed_only=confirmed_only)
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
        theme_name = next((theme.name for theme in themes if theme.key == query.theme), query.theme)
        record(
            actor=request.user,
            action="findings_search.viewed",
            partnership=request.partnership,
            changes={
                "words": query.words,
                # Named as the page names them, so that the audit log reads
                # "Voice of the child", not the theme's key or the audit's number.
                # (Older entries hold the bare key and number.)
                "theme": {"id": query.theme, "label": theme_name} if query.theme else "",
                "audit": {"id": audit.pk, "label": audit.title} if audit else None,
                "polarity": {"id": query.polarity, "label": Polarity(query.polarity).label} if query.polarity else "",
                "found": page.paginator.count,
            },
        )
    return render(
        request,
        "findings/recurrence/search.html",
        {
            "form": form,
            "query": query,
            "max_words": MAX_WORDS,
            "audit": audit,
            "page": page,
            "pagination": pagination(page, request.GET) if page else None,
            "all_audits_url": "?" + _query_string(request, "audit", "page"),
            # "Findings like this one" links back to this very search.
            "this_search": _query_string(request, "like"),
            "can_open_audit": request.membership.can(Capability.RECORD_MEETING),
            "confirmed_only": confirmed_only,
            "audit_not_searched": _not_searched_because(audit) if audit else "",
        },
    )


def _not_searched_because(audit: Audit) -> str:
    """Why an audit the search is narrowed to has no finding to search yet
    (``counting.counted_findings``: from its meeting on, never a cancelled
    audit's), so that "no finding matches" is not all the page says."""
    if audit.stage in COUNTED_STAGES:
        return ""
    if audit.stage == Stage.CANCELLED:
        return f"‘{audit.title}’ was cancelled: its findings were never agreed, so they are not searched."
    return (
        f"‘{audit.title}’ has not reached its meeting yet (it is at ‘{audit.get_stage_display()}’): "
        "its findings are searched from its meeting on."
    )

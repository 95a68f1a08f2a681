"""Raising an action: by hand, or from a confirmed recommendation or a finding."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.actions import links, presenters, selectors, services
from maca.actions.forms import ActionForm
from maca.core.concurrency import EditConflict
from maca.core.errors import apply_validation_error
from maca.core.presenters import long_date
from maca.findings.models import Polarity, RecommendationStatus


def _run(form, call):
    try:
        return call()
    except EditConflict as error:
        form.add_error(None, str(error))
    except ValidationError as error:
        apply_validation_error(form, error)
    return None


def _gone(what: str, verb: str, when) -> str:
    """Why the form cannot raise an action from its source any more: it was
    withdrawn or removed while the page was open (said as an action's own forms
    say that the action moved on)."""
    on = f" on {long_date(timezone.localdate(when))}" if when else ""
    return f"This {what} was {verb}{on}, so no action can be raised from it"


def _raise_page(request, *, heading: str, source_rows: list, audit=None, initial_themes=(), call, gone: str = ""):
    """The raise form. Raised from a recommendation or a finding (``audit`` given),
    it came from the audit's actions page, and the action's page leads back there,
    to the audit's other recommendations and concerns; raised by hand, to the plan.
    ``gone``: why the source can no longer have an action raised from it (withdrawn or
    removed since the page was drawn): the form comes back with what was typed and says so."""
    back = reverse("actions:audit", args=[audit.pk]) if audit is not None else ""
    back_url, back_text = presenters.back_link(back)
    partnership_id = request.partnership.pk
    today = timezone.localdate()
    people = selectors.owner_choices(partnership_id)
    form = ActionForm(
        request.POST or None,
        agencies=selectors.owner_agencies(people),
        people=people,
        audits=[audit] if audit is not None else selectors.partnership_audits(partnership_id),
        today=today,
        themes=selectors.theme_choices(partnership_id),
        initial={"audit": audit.pk if audit else None, "themes": initial_themes},
    )
    if audit is not None:
        form.fields["audit"].required = True
        form.fields["audit"].choices = [(audit.pk, audit.title)]
        form.fields["audit"].help_text = ""  # the audit is the source's: no standing action here
    if request.method == "POST" and gone:
        form.add_error(None, gone)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        people_by_user = {m.user_id: m for m in people}
        fields = {
            "title": data["title"],
            "text": data["text"],
            "measure": data["measure"],
            "owner_agency": people_by_user[data["owner"]].agency,  # the form checked it is the one chosen
            "owner": people_by_user[data["owner"]].user,
            "due_on": data["due_on"],
            "priority": data["priority"],
            "themes": selectors.themes_by_pk(partnership_id, data["themes"]),
            "submission": data["submission"],
        }
        try:
            action = _run(form, lambda: call(fields, data))
        except services.AlreadyRaised as sent_again:
            messages.success(
                request, f"Action {sent_again.action.reference} has been raised. It was raised once, not twice."
            )
            return redirect(presenters.action_href(sent_again.action.pk, back))
        if action is not None:
            messages.success(request, f"Action {action.reference} has been raised.")
            return redirect(presenters.action_href(action.pk, back))
    return render(
        request,
        "actions/raise.html",
        {
            "form": form,
            "heading": heading,
            "source_rows": source_rows,
            "audit": audit,
            "back_url": back_url,
            "back_text": back_text,
            "gone": gone,
        },
    )


@require_capability(Capability.MANAGE_ACTIONS)
def raise_standing(request):
    def call(fields, data):
        audit = None
        if data.get("audit"):
            audit = get_object_or_404(selectors.partnership_audits_qs(request.partnership.pk), pk=data["audit"])
        return services.action_raise(actor=request.user, partnership=request.partnership, audit=audit, **fields)

    return _raise_page(request, heading="Raise an action by hand", source_rows=[], call=call)


@require_capability(Capability.MANAGE_ACTIONS)
def raise_from_recommendation(request, pk: int):
    gone = ""
    if request.method == "POST":
        # Withdrawn while the page was open: said on the form, keeping what was typed.
        recommendation = get_object_or_404(links.raisable_or_withdrawn_recommendations(request.partnership.pk), pk=pk)
        if recommendation.status != RecommendationStatus.CONFIRMED:
            gone = _gone("recommendation", "withdrawn", recommendation.withdrawn_at)
    else:
        recommendation = get_object_or_404(links.confirmed_recommendations(request.partnership.pk), pk=pk)
    return _raise_page(
        request,
        heading="Raise an action from a recommendation",
        source_rows=links.recommendation_rows(recommendation),
        audit=recommendation.audit,
        initial_themes=[t.pk for t in recommendation.themes.all()],
        call=lambda fields, data: services.action_raise_from_recommendation(
            actor=request.user, recommendation=recommendation, **fields
        ),
        gone=gone,
    )


@require_capability(Capability.MANAGE_ACTIONS)
def raise_from_finding(request, pk: int):
    gone = ""
    if request.method == "POST":
        # Removed while the page was open: said on the form, keeping what was typed.
        finding = get_object_or_404(links.findings_current_or_removed(request.partnership.pk), pk=pk)
        if finding.is_removed:
            gone = _gone("finding", "removed", finding.removed_at)
        elif finding.polarity != Polarity.CONCERN:
            # Made a strength meanwhile: something to keep doing, not to put right.
            gone = "This finding has been made a strength since the page was opened, so no action can be raised from it"
    else:
        finding = get_object_or_404(links.current_concerns(request.partnership.pk), pk=pk)
    return _raise_page(
        request,
        heading="Raise an action from a finding",
        source_rows=links.finding_rows(finding),
        audit=finding.audit,
        initial_themes=[t.pk for t in finding.themes.all()],
        call=lambda fields, data: services.action_raise_from_finding(actor=request.user, finding=finding, **fields),
        gone=gone,
    )

"""The partnership's themes: the default taxonomy renamed, added to or retired."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.core.concurrency import EditConflict, changed_on_another_page_title, merge_after_conflict
from maca.core.errors import apply_validation_error
from maca.findings import presenters, selectors, services
from maca.findings.forms import (
    EditThemeForm,
    ThemeForm,
)


@require_capability(Capability.MANAGE_THEMES)
def themes(request):
    return render(
        request,
        "findings/themes.html",
        {"table": presenters.themes_table(selectors.themes_with_counts(request.partnership))},
    )


@require_capability(Capability.MANAGE_THEMES)
def theme_new(request):
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_create(
                actor=request.user,
                partnership=request.partnership,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The theme ‘{theme.name}’ has been added.")
            return redirect("findings:themes")
    return render(request, "findings/theme_form.html", {"form": form, "theme": None})


@require_capability(Capability.MANAGE_THEMES)
def theme_edit(request, pk: int):
    theme = get_object_or_404(selectors.themes_of(request.partnership, include_retired=True), pk=pk)

    def initial_for(t):
        return {"version": t.version, "name": t.name, "description": t.description, "is_retired": t.is_retired}

    form = EditThemeForm(request.POST or None, initial=initial_for(theme))
    conflict, by_you = "", False
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_update(
                actor=request.user,
                theme=theme,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                is_retired=form.cleaned_data["is_retired"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            merged = merge_after_conflict(form, initial_for(error.instance), version=error.instance.version)
            # "You" only when every change meanwhile was the person's own, on another page (ADR 0027).
            changed_by = selectors.theme_changed_since_by(error.instance, form.cleaned_data["version"])
            by_you = changed_by == {request.user.pk}
            conflict = merged.message("this theme", by_you=by_you)
            form = merged.shown_on(EditThemeForm(initial=merged.initial), by_you=by_you)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The theme ‘{theme.name}’ has been saved.")
            return redirect("findings:themes")
    return render(
        request,
        "findings/theme_form.html",
        {
            "form": form,
            "theme": theme,
            "conflict_message": conflict,
            "conflict_title": changed_on_another_page_title("this theme") if conflict and by_you else "",
        },
    )

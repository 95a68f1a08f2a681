"""Every form in maca, drawn by ``maca.core.form_rendering``, gives each field
the input its Django field needs: several choices are checkboxes with every
chosen one ticked, one choice from a few is radios, a long list is a select,
and so on. A choice drawn as radios where the field takes several keeps only
one of them: the data-loss this test exists to stop.

Forms are found by importing every module of maca. A form that cannot be built
without arguments needs an entry in ``BUILDERS``; until it has one, this test
fails for it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest
from django import forms

import maca
from maca.core import retention
from maca.core.form_rendering import render_field
from maca.core.forms import GovukDateInput, GovukTextField
from maca.tests.page import Page

# The load test's script is run by locust (which patches the standard library
# with gevent on import) and holds no forms.
NOT_IMPORTED = {"maca.settings", "maca.wsgi", "maca.operations.locustfile"}


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def maca_forms() -> dict[str, type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(maca.__path__, "maca."):
        parts = module.name.split(".")
        if "tests" in parts or "migrations" in parts or module.name in NOT_IMPORTED:
            continue
        importlib.import_module(module.name)
    return {
        f"{cls.__module__}.{cls.__qualname__}": cls
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__.startswith("maca.") and ".tests" not in cls.__module__
    }


FORMS = maca_forms()


# How to build the forms that need more than no arguments -----------------------------------


def _answer_form(world):
    from maca.tools.answers import answer_form
    from maca.tools.tests.builders import add_question, add_section, draft_tool

    version = draft_tool(world.partnership)  # a grade, a yes/no, a text and a number question
    section = add_section(version, "Choices")
    add_question(section, "Which teams were involved?", "multiple_choice", choices=["Police", "Health", "School"])
    add_question(section, "Who led the work?", "single_choice", choices=["Police", "Health"])
    add_question(section, "Which team?", "single_choice", choices=[f"Team {n}" for n in range(1, 12)])
    version.refresh_from_db()
    return answer_form(version)


def _audit_form(path: str):
    def build(world):
        from maca.programme.services import priority_create
        from maca.programme.tests.factories import default_tool

        default_tool(world.partnership)
        for title in ("Neglect", "Exploitation"):
            priority_create(actor=world["qa"].user, partnership=world.partnership, title=title)
        return FORMS[path](partnership=world.partnership)

    return build


def _with(path: str, **arguments: Callable[[Any], Any]):
    """Build ``path`` with each keyword argument computed from the personas' world."""
    return lambda world: FORMS[path](**{name: make(world) for name, make in arguments.items()})


def _fake(**fields):
    from types import SimpleNamespace

    return SimpleNamespace(**fields)


def _partnership(world):
    return world.partnership


def _agencies(world):
    return [world.police, world.health]


def _four_levels():
    from maca.tools.defaults import SCALES

    return SCALES[0]["levels"]


def _themes(world):
    from maca.findings.selectors import themes_of

    return list(themes_of(world.partnership))


def _set_up_authenticator_form(world):
    from allauth.core.context import request_context
    from django.contrib.sessions.backends.signed_cookies import SessionStore
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.session = SessionStore()
    with request_context(request):  # allauth keeps the set-up key in the session
        return FORMS["maca.accounts.forms.SetUpAuthenticatorForm"](user=world["qa"].user)


def _move_audit_form(world):
    from maca.programme.models import Stage

    return FORMS["maca.programme.forms.MoveAuditForm"](next_stage=Stage.SELECTING, kind="themed")


def _audits(world):
    from maca.programme.models import Audit
    from maca.programme.tests.factories import AuditFactory

    AuditFactory(partnership=world.partnership)
    return Audit.objects.filter(partnership=world.partnership)


def _audit_cases(world):
    from types import SimpleNamespace

    return [SimpleNamespace(pk=7, number=1), SimpleNamespace(pk=8, number=2)]


BUILDERS: dict[str, Callable[[Any], forms.BaseForm]] = {
    "maca.publications.forms.NewPublicationForm": _with(
        "maca.publications.forms.NewPublicationForm",
        audits=lambda world: _audits(world),
    ),
    "maca.publications.forms.PracticeForm": _with(
        "maca.publications.forms.PracticeForm",
        agencies=lambda world: world.partnership.agencies.all(),
    ),
    "maca.publications.forms.FamilyMemberForm": _with("maca.publications.forms.FamilyMemberForm", cases=_audit_cases),
    "maca.tools.answers.AnswerForm": _answer_form,
    "maca.programme.forms.AuditForm": _audit_form("maca.programme.forms.AuditForm"),
    "maca.programme.forms.EditAuditForm": _audit_form("maca.programme.forms.EditAuditForm"),
    "maca.programme.forms.MoveAuditForm": _move_audit_form,
    "maca.returns.forms.ReviewForm": _with(
        "maca.returns.forms.ReviewForm",
        return_record=lambda world: _fake(kind_name="summative report", audit=_fake(kind="deep_dive")),
    ),
    "maca.returns.forms.WithdrawForm": _with("maca.returns.forms.WithdrawForm", kind_name=lambda world: "return"),
    "maca.accounts.forms.SetUpAuthenticatorForm": _set_up_authenticator_form,
    "maca.findings.forms.MeetingForm": _with("maca.findings.forms.MeetingForm", kind=lambda world: "deep_dive"),
    "maca.programme.forms.ScrutineersForm": _with(
        "maca.programme.forms.ScrutineersForm", partnership=_partnership, audit=lambda world: _audits(world).get()
    ),
    "maca.accounts.forms.MembershipForm": _with("maca.accounts.forms.MembershipForm", partnership=_partnership),
    "maca.accounts.forms.InvitationForm": _with("maca.accounts.forms.InvitationForm", partnership=_partnership),
    "maca.accounts.forms.AcceptInvitationForm": _with(
        "maca.accounts.forms.AcceptInvitationForm", email=lambda world: "ira@testshire.example"
    ),
    "maca.partnerships.forms.AgencyForm": _with("maca.partnerships.forms.AgencyForm", partnership=_partnership),
    "maca.partnerships.forms.EditAgencyForm": _with(
        "maca.partnerships.forms.EditAgencyForm", partnership=_partnership, agency=lambda world: world.gp_practice
    ),
    "maca.tools.forms.QuestionForm": _with("maca.tools.forms.QuestionForm", partnership=_partnership),
    "maca.partnerships.forms.RetentionForm": _with(
        "maca.partnerships.forms.RetentionForm", kinds=lambda world: retention.kinds()
    ),
    "maca.audit_trail.forms.AuditEventFilterForm": _with(
        "maca.audit_trail.forms.AuditEventFilterForm",
        people=lambda world: [(str(world["qa"].user.pk), "Quinn Quality"), ("none", "maca itself")],
        actions=lambda world: ["case.viewed", "return.saved"],
        object_types=lambda world: ["case", "return"],
    ),
    "maca.cases.forms.MappingForm": _with(
        "maca.cases.forms.MappingForm", headers=lambda world: ["Family ref", "Child ref", "Date of birth"]
    ),
    "maca.returns.forms.MergeForm": _with(
        "maca.returns.forms.MergeForm",
        conflicts=lambda world: [{"key": "grade", "question": "How well?", "theirs": "Good", "mine": "Poor"}],
    ),
    "maca.selection.forms.DrawForm": _with("maca.selection.forms.DrawForm", localities=lambda world: ["North", ""]),
    "maca.selection.forms.AssignmentsForm": _with("maca.selection.forms.AssignmentsForm", partnership=_partnership),
    "maca.findings.recurrence_forms.SearchForm": _with("maca.findings.recurrence_forms.SearchForm", themes=_themes),
    "maca.findings.forms.AttendanceForm": _with("maca.findings.forms.AttendanceForm", agencies=_agencies),
    "maca.findings.forms.DiscussionForm": _with(
        "maca.findings.forms.DiscussionForm", levels=lambda world: _four_levels()
    ),
    "maca.findings.forms.FindingForm": _with("maca.findings.forms.FindingForm", agencies=_agencies),
    "maca.findings.forms.EditFindingForm": _with("maca.findings.forms.EditFindingForm", agencies=_agencies),
    "maca.findings.forms.ConcernForm": _with("maca.findings.forms.ConcernForm", agencies=_agencies),
    "maca.findings.forms.TagsForm": _with(
        "maca.findings.forms.TagsForm",
        themes=_themes,
    ),
    "maca.actions.forms.PlanFilterForm": _with(
        "maca.actions.forms.PlanFilterForm",
        agencies=lambda world: [world.police, world.health],
        audits=lambda world: [_fake(pk=1, title="Neglect audit")],
        themes=lambda world: [(1, "Think family")],
        owners=lambda world: [(world["lead"].user.pk, "Lena Lead")],
        years=lambda world: [2026, 2025],
    ),
    "maca.actions.forms.ActionForm": _with(
        "maca.actions.forms.ActionForm",
        agencies=lambda world: [world.police],
        people=lambda world: [world["lead"].membership],
        audits=lambda world: [_fake(pk=1, title="Neglect audit")],
        themes=lambda world: [_fake(pk=1, name="Think family"), _fake(pk=2, name="Voice of the child")],
        today=lambda world: __import__("datetime").date(2026, 12, 1),
    ),
    "maca.actions.forms.OwnerForm": _with(
        "maca.actions.forms.OwnerForm", people=lambda world: [world["lead"].membership, world["auditor"].membership]
    ),
    "maca.actions.forms.ReasonForm": _with(
        "maca.actions.forms.ReasonForm",
        label=lambda world: "Why is the action being reopened?",
        required_message=lambda world: "Enter why",
    ),
}


# What each kind of field must look like --------------------------------------------------


def _choice_values(field) -> list[str]:
    values = [str(getattr(value, "value", value)) for value, _ in field.choices]
    return [value for value in values if value != ""]


def expected_input(field: forms.Field) -> str:
    """The input a person must be given for ``field``."""
    widget = field.widget
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, GovukDateInput):
        return "date"
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return "checkboxes"
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return "radios" if isinstance(widget, forms.RadioSelect) else "select"
    if isinstance(field, forms.BooleanField):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    # GOV.UK asks for numbers in a text input with a numeric keyboard.
    return {"number": "text"}.get(widget.input_type, widget.input_type)


def check_field(form: forms.BaseForm, name: str) -> None:
    field = form.fields[name]
    kind = expected_input(field)
    if kind == "hidden":
        return
    values = _choice_values(field) if kind in {"checkboxes", "radios", "select"} else []
    if kind in {"checkboxes", "radios", "select"}:
        assert values, f"‘{name}’ has no choices to show: give its builder data"
        form.initial[name] = values[:2] if kind == "checkboxes" else values[0]
    bound = form[name]
    page = Page(str(render_field(bound)))
    html_name = bound.html_name
    where = f"‘{name}’ ({type(field).__name__}, {type(field.widget).__name__})"

    if kind == "checkboxes":
        assert page.input_types(html_name) == {"checkbox"}, f"{where} must be checkboxes"
        assert len(page.inputs(html_name)) == len(field.choices), f"{where} must offer every choice"
        assert page.checked(html_name) == set(values[:2]), f"{where} must show every saved choice ticked"
    elif kind == "radios":
        assert page.input_types(html_name) == {"radio"}, f"{where} must be radios"
        assert page.checked(html_name) == {values[0]}, f"{where} must show the saved choice"
    elif kind == "select":
        selects = [e for e in page.all("select") if e.get("name") == html_name]
        assert len(selects) == 1 and "multiple" not in selects[0], f"{where} must be one single-choice select"
        assert page.selected(html_name) == {values[0]}, f"{where} must show the saved choice"
    elif kind == "date":
        for part in ("day", "month", "year"):
            assert page.input_types(f"{html_name}-{part}") == {"text"}, f"{where} must have a {part} input"
    elif kind == "textarea":
        assert [e for e in page.all("textarea") if e.get("name") == html_name], f"{where} must be a textarea"
    else:
        assert page.input_types(html_name) == {kind}, f"{where} must be an input of type {kind}"


@pytest.mark.django_db
@pytest.mark.parametrize("path", sorted(FORMS))
def test_every_field_of_every_form_gets_the_input_it_needs(path, world):
    build = BUILDERS.get(path)
    try:
        form = build(world) if build else FORMS[path]()
    except TypeError as error:
        pytest.fail(f"{path} cannot be built without arguments ({error}): add it to BUILDERS in {__name__}")
    assert form.fields, f"{path} has no fields: give its builder what makes them"
    for name in form.fields:
        check_field(form, name)
        field = form.fields[name]
        if isinstance(field.widget, forms.Textarea) and getattr(field, "max_length", None):
            # A browser sends a line break as two characters; the character count shows one.
            assert isinstance(field, GovukTextField), f"{path}.{name}: a box with a limit must be a GovukTextField"
        if getattr(field, "max_length", None) and ".admin." not in path and not field.widget.is_hidden:
            # Not Django's "Ensure this value has at most..." but the GOV.UK words, naming the field.
            assert "max_length" in field.error_messages, f"{path}.{name}: say how long it may be in GOV.UK words"
        if (
            isinstance(field, forms.CharField)
            and ".admin." not in path
            and not field.widget.is_hidden
            and not isinstance(field.widget, forms.PasswordInput)
        ):
            # Not Django's "Null characters are not allowed." but the GOV.UK words, naming the box.
            message = field.error_messages.get("null_characters_not_allowed", "")
            assert message.startswith("Remove the hidden character"), f"{path}.{name}: name the box in GOV.UK words"


def test_forms_are_found():
    assert "maca.selection.forms.DrawForm" in FORMS
    assert "maca.tools.answers.AnswerForm" in FORMS
    assert not [path for path in BUILDERS if path not in FORMS], "a builder for a form that no longer exists"


def test_a_multiple_choice_drawn_as_radios_would_be_caught():
    class Lossy(forms.Form):
        agencies = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)

    with pytest.raises(AssertionError, match="must be checkboxes"):
        check_field(Lossy(), "agencies")

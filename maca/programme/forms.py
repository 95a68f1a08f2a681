from __future__ import annotations

from django import forms
from django.db.models import Q

from maca.accounts.models import Membership, User
from maca.accounts.roles import Role
from maca.core.forms import GovukDateField, GovukTextField, ManyRecordsField, VersionedForm
from maca.programme import stages
from maca.programme.models import Audit, AuditKind, Stage, deadline_called, returns_called, returns_sent
from maca.programme.selectors import priorities_for

# The usual reminders, as the model has them: so many days before the deadline and after it.
USUAL_DAYS_BEFORE = Audit._meta.get_field("reminder_days_before").default
USUAL_DAYS_AFTER = Audit._meta.get_field("reminder_days_after").default


class PriorityForm(forms.Form):
    title = GovukTextField(label="Priority", max_length=200, error_messages={"required": "Enter the priority"})
    description = GovukTextField(
        label="Description (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class EditPriorityForm(VersionedForm, PriorityForm):
    is_active = forms.BooleanField(
        label="This is a current priority",
        required=False,
        help_text="Untick when the board no longer holds it. Past audits keep it.",
    )


class ProgrammeForm(forms.Form):
    year = forms.IntegerField(
        label="First year of the programme",
        help_text="Programmes run April to March: for 2027 to 2028, enter 2027.",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Enter the year",
            "invalid": "Enter the year as 4 numbers, like 2027",
            "min_value": "Enter a year between 2000 and 2100",
            "max_value": "Enter a year between 2000 and 2100",
        },
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name} ({obj.email})"


class ToolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class UsersChoiceField(ManyRecordsField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


class PriorityChoiceField(ManyRecordsField):
    def label_from_instance(self, obj) -> str:
        return obj.title if obj.is_active else f"{obj.title} (no longer held by the board)"


class AuditForm(forms.Form):
    title = GovukTextField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter a title"},
        help_text="For example, ‘Neglect in families with babies’.",
    )
    theme = GovukTextField(
        label="Theme",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter what the audit looks at"},
        help_text="What the audit looks at and why, in a sentence or two.",
    )
    kind = forms.ChoiceField(
        label="Kind of audit",
        choices=AuditKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of audit", "invalid_choice": "Select the kind of audit"},
    )
    target_cases = forms.IntegerField(
        label="Number of cases",
        min_value=1,
        max_value=500,
        error_messages={
            "required": "Enter how many cases the audit will look at",
            "invalid": "Enter a whole number of cases",
            "min_value": "Enter 1 case or more",
            "max_value": "Enter 500 cases or fewer",
        },
        widget=forms.NumberInput,
    )
    target_children = forms.IntegerField(
        label="Number of children (optional)",
        min_value=1,
        max_value=5000,
        required=False,
        widget=forms.NumberInput,
        error_messages={
            "invalid": "Enter a whole number of children",
            "min_value": "Enter 1 child or more",
            "max_value": "Enter 5,000 children or fewer",
        },
    )
    planned_selection_date = GovukDateField(
        label="Cases selected by", required=False, error_name="The date cases are selected by"
    )
    # Before the kind is chosen; an audit's own plan says its kind's words (``EditAuditForm``).
    return_deadline = GovukDateField(
        label=f"Agencies {returns_sent(AuditKind.THEMED)} by",
        required=False,
        help_text=f"For a deep dive, their {returns_called(AuditKind.DEEP_DIVE)}.",
        error_name=f"The {deadline_called(AuditKind.THEMED)}",
    )
    planned_meeting_date = GovukDateField(label="Multi-agency meeting", required=False, error_name="The meeting date")
    reminder_days_before = forms.IntegerField(
        label="Remind agencies this many days before the deadline",
        min_value=0,
        max_value=60,
        initial=USUAL_DAYS_BEFORE,
        required=False,
        widget=forms.NumberInput,
        help_text=f"Only agencies with {returns_called(AuditKind.THEMED)} outstanding. 0 for no reminder.",
        error_messages={
            "required": "Enter how many days before the deadline to remind agencies (0 for none)",
            "invalid": "Enter the days before the deadline as a whole number",
            "min_value": "Enter from 0 to 60 days before the deadline",
            "max_value": "Enter from 0 to 60 days before the deadline",
        },
    )
    reminder_days_after = forms.IntegerField(
        label="And this many days after it",
        min_value=0,
        max_value=60,
        initial=USUAL_DAYS_AFTER,
        widget=forms.NumberInput,
        required=False,
        help_text=f"The usual is {USUAL_DAYS_BEFORE} days before and {USUAL_DAYS_AFTER} days after. "
        "A box left empty takes the usual.",
        error_messages={
            "required": "Enter how many days after the deadline to remind agencies (0 for none)",
            "invalid": "Enter the days after the deadline as a whole number",
            "min_value": "Enter from 0 to 60 days after the deadline",
            "max_value": "Enter from 0 to 60 days after the deadline",
        },
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        # The priorities the board holds now, and any the audit already
        # addresses that it no longer holds: "Past audits keep it", so saving
        # the plan must not silently drop them.
        kept = [pk for pk in (self.initial.get("priorities") or []) if str(pk).isdigit()]
        self.fields["priorities"] = PriorityChoiceField(
            queryset=priorities_for(partnership).filter(Q(is_active=True) | Q(pk__in=kept)).order_by("title"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label="Board priorities it addresses",
            error_messages={
                "invalid_choice": "Choose board priorities from the list: it has changed since the page was opened",
                "invalid_pk_value": "Choose board priorities from the list",
            },
        )
        from maca.tools.models import AuditTool

        # The audit's own tool and lead stay on offer even when archived or no
        # longer leading audits: saving the rest of the plan keeps them.
        tool_now, lead_now = self.initial.get("tool"), self.initial.get("lead")
        tool_now = getattr(tool_now, "pk", tool_now)
        self.fields["tool"] = ToolChoiceField(
            queryset=AuditTool.objects.filter(partnership=partnership)
            .filter(Q(is_archived=False) | Q(pk=tool_now if str(tool_now or "").isdigit() else None))
            .order_by("name"),
            required=False,
            label="Audit tool",
            empty_label="Not chosen yet",
            help_text="Agencies complete its latest published version. A deep dive needs a summative report tool; "
            "any other audit, a case audit tool.",
            error_messages={"invalid_choice": "Choose an audit tool from the list"},
        )
        self.fields["lead"] = UserChoiceField(
            queryset=User.objects.filter(
                Q(
                    pk__in=Membership.objects.able_to_act()
                    .filter(partnership=partnership, role__in=[Role.QA_OFFICER, Role.PARTNERSHIP_ADMIN])
                    .values("user_id")
                )
                | Q(pk=lead_now if str(lead_now or "").isdigit() else None, memberships__partnership=partnership)
            )
            .distinct()
            .order_by("full_name"),
            required=False,
            label="Audit lead",
            empty_label="Not chosen yet",
            error_messages={"invalid_choice": "Choose the audit lead from the list"},
        )

    def clean_reminder_days_before(self):
        value = self.cleaned_data.get("reminder_days_before")
        return USUAL_DAYS_BEFORE if value is None else value

    def clean_reminder_days_after(self):
        value = self.cleaned_data.get("reminder_days_after")
        return USUAL_DAYS_AFTER if value is None else value


# Shown instead of the choices once agencies are auditing: their returns are
# made on the audit's tool, one per case or one per agency by its kind
# (``services.audit_update`` refuses a change all the same).
FIXED_ONCE_AUDITING = "Cannot be changed once agencies are auditing."


class EditAuditForm(VersionedForm, AuditForm):
    def __init__(self, *args, audit: Audit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if audit is not None:
            # Its agencies' work in its kind's words, as its page says "Summative reports due".
            deadline = self.fields["return_deadline"]
            deadline.label = f"Agencies {returns_sent(audit.kind)} by"
            deadline.help_text = ""
            deadline.error_name = f"The {deadline_called(audit.kind)}"
            before = self.fields["reminder_days_before"]
            before.help_text = f"Only agencies with {returns_called(audit.kind)} outstanding. 0 for no reminder."
        # What the fixed fields hold, in words, shown instead of their choices.
        self.fixed: dict[str, str] = {}
        if audit is not None and audit.reached(Stage.AUDITING):
            self.fixed = {
                "kind": audit.get_kind_display(),
                "tool": audit.tool.name if audit.tool_id else "Not chosen",
                "reason": FIXED_ONCE_AUDITING,
            }
            # A disabled field takes the audit's own value, whatever is posted
            # (or carried over from a page saved after someone else's change).
            self.initial.update({"kind": audit.kind, "tool": audit.tool_id})
            for name in ("kind", "tool"):
                self.fields[name].disabled = True
                self.fields[name].required = False


# What moving on does beyond the stage, said before the person saves it: a
# deep dive asks each agency for one summative report (``tool_kind_for``).
_LEADS_TOLD = "and the agency’s leads are e-mailed their cases to audit. The sample is fixed from then on."


def move_hints(kind: str) -> dict:
    if kind == AuditKind.DEEP_DIVE:
        auditing = (
            f"Each agency with cases in the sample gets one summative report to complete across them, {_LEADS_TOLD}"
        )
    else:
        auditing = f"Each agency auditing a case gets a return to complete for it, {_LEADS_TOLD}"
    return {Stage.AUDITING: auditing}


class MoveAuditForm(VersionedForm):
    to_stage = forms.ChoiceField(
        label="Move to",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select where the audit moves to",
            "invalid_choice": "Select where the audit moves to now",
        },
    )
    reason = GovukTextField(
        label="Why?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter why the audit is moving on"},
        help_text="Kept in the audit’s history.",
    )

    def __init__(self, *args, next_stage: Stage | None, kind: str, warnings=(), **kwargs):
        """``warnings``: what the move to ``next_stage`` warns about now
        (``stages.warnings``). With any, the move asks for "Move on anyway",
        given to these warnings (the page's ``warned`` fingerprint), not to
        others said before (more findings left unconfirmed meanwhile, say)."""
        super().__init__(*args, **kwargs)
        choices = []
        if next_stage is not None:
            choices.append((next_stage.value, next_stage.label))
        choices.append((Stage.CANCELLED.value, "Cancel the audit"))
        self.fields["to_stage"].choices = choices
        self.fields["to_stage"].choice_hints = move_hints(kind)
        self.next_stage = next_stage
        self.warnings = list(warnings)
        self.warned_before = False
        if self.warnings:
            seen = stages.warnings_seen(self.warnings)
            self.fields["move_anyway"] = forms.BooleanField(
                label="Move on anyway",
                required=False,
                help_text="What the warning says is kept in the audit log with the move.",
            )
            self.fields["warned"] = forms.CharField(widget=forms.HiddenInput, required=False, initial=seen)
            if self.is_bound and self.data.get("warned") != seen:
                # The page said other warnings: its "Move on anyway" is not taken for these.
                self.warned_before = bool(self.data.get("move_anyway"))
                self.data = self.data.copy()
                self.data["warned"] = seen
                self.data.pop("move_anyway", None)

    def clean(self):
        cleaned = super().clean()
        missing = self.has_error("reason", code="required")
        if cleaned.get("to_stage") == Stage.CANCELLED and missing:
            # Cancelling is not moving on: the reason asked for is the cancellation's.
            self.errors["reason"] = self.error_class(["Enter why the audit is being cancelled"])
        moving_on = self.next_stage is not None and cleaned.get("to_stage") == self.next_stage.value
        cleaned["warnings_accepted"] = []
        if moving_on and self.warnings:
            if self.warned_before:
                self.add_error("move_anyway", stages.WARNING_CHANGED)
            elif not cleaned.get("move_anyway"):
                self.add_error("move_anyway", stages.MOVE_ON_ANYWAY_NOT_SELECTED)
            else:
                cleaned["warnings_accepted"] = [w.text for w in self.warnings]
        return cleaned


class ScrutineersChoiceField(UsersChoiceField):
    """Scrutineers who can act, and the audit's own who cannot now (their
    account switched off, say), named so: kept unless unticked, never lost
    unseen by a save."""

    def __init__(self, *args, able: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.able = able

    def label_from_instance(self, obj) -> str:
        return obj.full_name if obj.pk in self.able else f"{obj.full_name} (cannot sign in now)"


class ScrutineersForm(VersionedForm):
    def __init__(self, *args, partnership, audit, **kwargs):
        super().__init__(*args, **kwargs)
        able = set(
            Membership.objects.able_to_act()
            .filter(partnership=partnership, role=Role.INDEPENDENT_SCRUTINEER)
            .values_list("user_id", flat=True)
        )
        current = set(audit.scrutineers.values_list("pk", flat=True))
        # A closed or cancelled audit gets no new scrutineer: only those it has are offered, to untick.
        offered = current if audit.is_finished else able | current
        self.fields["scrutineers"] = ScrutineersChoiceField(
            able=able,
            queryset=User.objects.filter(pk__in=offered).order_by("full_name"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label="Independent scrutineers for this audit",
            help_text="This audit is over: untick a scrutineer to take them off it; nobody new can be added."
            if audit.is_finished
            else "They will see this audit’s cases and evidence, read-only.",
            error_messages={
                "invalid_choice": "Choose scrutineers from the list: it has changed since the page was opened",
                "invalid_pk_value": "Choose scrutineers from the list",
            },
        )

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from maca.core.forms import GovukTextField, VersionedForm
from maca.returns.access import send_back_refusal
from maca.returns.summative import CASES_AUDITED, cases_audited_refusals
from maca.tools.answers import LARGEST_NUMBER


def limit_cases_audited(form: forms.Form, return_record) -> forms.Form:
    """A section's answer form (``tools.answers.answer_form``) that refuses,
    on the box itself, a summative report's "How many cases did your agency
    audit?" above the cases its agency has in the audit
    (``summative.cases_audited_refusals``, which the save checks too): so
    the autosave says "some answers need correcting", and Save and continue
    shows the error under the box."""
    field = form.fields.get(CASES_AUDITED)
    if field is None or return_record.audit_case_id:
        return form

    def at_most_its_cases(value):
        if value > LARGEST_NUMBER:
            return  # already refused as too large: one message for the box
        refused = cases_audited_refusals(return_record, {CASES_AUDITED: value})
        if refused:
            raise ValidationError(refused[CASES_AUDITED], code="more_than_its_cases")

    field.validators.append(at_most_its_cases)
    return form


class ReviewForm(VersionedForm):
    decision = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        choices=[("accept", "Accept it"), ("send_back", "Send it back to the agency")],
        error_messages={"required": "Select accept or send back"},
    )
    comment = GovukTextField(
        label="Comments for the agency",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when sending back: say what needs to change.",
    )

    def __init__(self, *args, return_record, can_send_back: bool = True, **kwargs):
        """``can_send_back``: False once the agencies can no longer change the
        return (:func:`maca.returns.access.can_send_back`): accepting is the only choice.
        ``return_record``: what is reviewed, as the choices name it (``Return.kind_name``)."""
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [
            ("accept", f"Accept the {return_record.kind_name}") if value == "accept" else (value, label)
            for value, label in self.fields["decision"].choices
        ]
        if not can_send_back:
            decision = self.fields["decision"]
            decision.choices = [choice for choice in decision.choices if choice[0] == "accept"]
            # A page drawn before the audit moved on still posts "send back".
            decision.error_messages["invalid_choice"] = send_back_refusal(return_record)
            self.fields["comment"].help_text = "Optional."

    def clean(self):
        cleaned = super().clean()
        # A comment already refused (too long, say) is not also reported missing.
        if "comment" in self.errors:
            return cleaned
        if cleaned.get("decision") == "send_back" and not cleaned.get("comment", "").strip():
            self.add_error("comment", "Enter what the agency needs to change")
        return cleaned


class WithdrawForm(VersionedForm):
    reason = GovukTextField(
        label="Why is this return being withdrawn?",
        error_name="The reason for withdrawing the return",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the return is being withdrawn"},
        help_text="The return is kept, marked as withdrawn, with this reason.",
    )

    def __init__(self, *args, kind_name: str, **kwargs):
        """``kind_name``: what is withdrawn (``Return.kind_name``), as the form names it."""
        super().__init__(*args, **kwargs)
        reason = self.fields["reason"]
        reason.label = reason.label.replace("return", kind_name)
        reason.help_text = reason.help_text.replace("return", kind_name)
        reason.error_messages = {
            code: str(message).replace("return", kind_name) for code, message in reason.error_messages.items()
        }


class ReminderForm(forms.Form):
    agency = forms.IntegerField(widget=forms.HiddenInput)


class MergeForm(forms.Form):
    """One choice per question both people changed: keep theirs or use mine."""

    def __init__(self, *args, conflicts: list[dict], by_you: bool = False, **kwargs):
        """``by_you``: the other save was the same person's, in another tab or
        window: the choices are between the saved answer and this page's."""
        super().__init__(*args, **kwargs)
        keep, use = (
            ("Keep the saved answer", "Use this page’s answer") if by_you else ("Keep their answer", "Use your answer")
        )
        for conflict in conflicts:
            self.fields[f"choice-{conflict['key']}"] = forms.ChoiceField(
                label=conflict["question"],
                widget=forms.RadioSelect,
                choices=[
                    ("theirs", f"{keep}: {conflict['theirs']}"),
                    ("mine", f"{use}: {conflict['mine']}"),
                ],
                error_messages={"required": f"Choose which answer to keep for ‘{conflict['question']}’"},
            )

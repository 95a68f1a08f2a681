"""The error summary lists a form's problems in the order its questions are
asked (GOV.UK's error summary pattern), whichever check found them: found
on a walk of "Raise an action", where a check of the first question made in
the form's own ``clean`` was listed below the last question's error."""

from __future__ import annotations

from django import forms

from maca.core.form_rendering import error_summary_params


class _Form(forms.Form):
    owner = forms.CharField(required=False)
    title = forms.CharField()
    due = forms.DateField()

    def clean(self):
        data = super().clean()
        if not data.get("owner"):
            self.add_error("owner", "Select who owns this")
        return data


def test_the_summary_follows_the_order_of_the_questions():
    form = _Form(data={"owner": "", "title": "", "due": "not a date"})
    assert not form.is_valid()
    summary = error_summary_params(form)
    assert [error["href"] for error in summary["errorList"]] == ["#id_owner", "#id_title", "#id_due"]

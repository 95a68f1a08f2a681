"""People, memberships, invitations and second factors in /platform-admin/.

Every change goes through ``operator_services``, which records it in each
affected partnership's audit log and tells that partnership's admins. Nothing
here deletes a person, a membership or an invitation. A password is set only
when a login is added (a temporary one, given by another channel); nobody's
password is changed here afterwards (people reset their own by e-mail).
"""

from __future__ import annotations

from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from maca.accounts import operator_services
from maca.accounts.models import Invitation, Membership, User
from maca.accounts.roles import Role
from maca.accounts.services import _active_admins, _check_role_and_agency


class _NoDeleting:
    def has_delete_permission(self, request, obj=None):
        return False


class UserAdminForm(UserChangeForm):
    loaded_as = forms.CharField(widget=forms.HiddenInput, required=False)
    password = None  # never shown nor set here: people reset their own

    class Meta(UserChangeForm.Meta):
        model = User
        fields = ["email", "full_name", "is_active", "is_staff", "is_superuser"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_as"].initial = operator_services.login_as_shown(self.instance)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            now = User.objects.filter(pk=self.instance.pk).values(*operator_services.USER_FIELDS).first()
            if now is None or cleaned.get("loaded_as") != operator_services.login_as_shown(now):
                raise ValidationError(operator_services.LOGIN_CHANGED)
        return cleaned


@admin.register(User)
class UserAdmin(_NoDeleting, DjangoUserAdmin):
    form = UserAdminForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "full_name", "loaded_as")}),
        ("Platform", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = []
    list_filter = ["is_active", "is_staff"]

    def save_model(self, request, obj, form, change):
        if change:
            operator_services.operator_user_update(
                actor=request.user,
                user=obj,
                shown_as=form.cleaned_data.get("loaded_as") or None,
                **{field: getattr(obj, field) for field in operator_services.USER_FIELDS},
            )
        else:
            created = operator_services.operator_user_create(
                actor=request.user,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data.get("password1") or None,
            )
            obj.pk = created.pk
        obj.refresh_from_db()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """The form compares what its page showed with the login as it is; the
        service compares again under the login's lock. A save that loses that
        race is refused with the reason, nothing saved, not a server error."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, f"Nothing was saved. {' '.join(error.messages)}", messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())

    def user_change_password(self, request, id, form_url=""):
        # A password someone else chose is known to them: people reset their own.
        raise PermissionDenied


class MembershipAdminForm(forms.ModelForm):
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Membership
        fields = ["user", "partnership", "role", "agency", "job_title", "is_active", "deactivation_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        partnership = cleaned.get("partnership") or getattr(self.instance, "partnership", None)
        if partnership is not None and cleaned.get("role"):
            try:
                _check_role_and_agency(partnership=partnership, role=cleaned["role"], agency=cleaned.get("agency"))
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    for problem in problems:
                        self.add_error(field if field in self.fields else None, problem)
        if self.instance.pk:
            current = Membership.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if cleaned.get("loaded_version") != current:
                raise ValidationError("Someone changed this membership while you were editing. Reload and try again.")
            if self.instance.is_active and not cleaned.get("is_active") and not cleaned.get("deactivation_reason"):
                self.add_error("deactivation_reason", "Say why this person’s access is removed.")
            was_admin = self.instance.role == Role.PARTNERSHIP_ADMIN and self.instance.is_active
            stays_admin = cleaned.get("role") == Role.PARTNERSHIP_ADMIN and cleaned.get("is_active")
            if was_admin and not stays_admin and _active_admins(self.instance.partnership).count() == 1:
                raise ValidationError("The partnership must keep at least one partnership admin.")
        return cleaned


@admin.register(Membership)
class MembershipAdmin(_NoDeleting, admin.ModelAdmin):
    form = MembershipAdminForm
    list_display = ["user", "partnership", "role", "agency", "is_active"]
    list_filter = ["partnership", "role", "is_active"]
    search_fields = ["user__email", "user__full_name"]
    readonly_fields = ["version"]
    raw_id_fields = ["user"]

    def get_readonly_fields(self, request, obj=None):
        return ["user", "partnership", "version"] if obj else ["version"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "partnership", "role", "agency", "job_title"]
        return ["user", "partnership", "role", "agency", "job_title", "is_active", "deactivation_reason", "version"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            # The hidden version goes with the form so that two operators cannot overwrite each other.
            form.base_fields["loaded_version"] = MembershipAdminForm.base_fields["loaded_version"]
        return form

    def get_fieldsets(self, request, obj=None):
        fields = list(self.get_fields(request, obj))
        if obj is not None:
            fields.append("loaded_version")
        return [(None, {"fields": fields})]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            saved = operator_services.operator_membership_update(
                actor=request.user,
                membership=obj,
                role=data["role"],
                agency=data.get("agency"),
                job_title=data.get("job_title", ""),
                is_active=data["is_active"],
                deactivation_reason=data.get("deactivation_reason", ""),
                expected_version=data["loaded_version"],
            )
        else:
            saved = operator_services.operator_membership_create(
                actor=request.user,
                user=data["user"],
                partnership=data["partnership"],
                role=data["role"],
                agency=data.get("agency"),
                job_title=data.get("job_title", ""),
            )
        obj.pk = saved.pk
        obj.refresh_from_db()


@admin.register(Invitation)
class InvitationAdmin(_NoDeleting, admin.ModelAdmin):
    list_display = ["email", "partnership", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["partnership"]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False  # invitations are sent from the product, which e-mails the link

    def has_change_permission(self, request, obj=None):
        return False


class ResetForm(forms.Form):
    reason = forms.CharField(
        label="Why, and how you checked the request came from this person",
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=operator_services.MIN_RESET_REASON,
    )


# allauth's own registrations (loaded here first, whatever the app order) are replaced.
import_module("allauth.mfa.admin")
import_module("allauth.account.admin")
import_module("axes.admin")
admin.site.unregister(Authenticator)
# Pages that would change sign-in outside ``operator_services``, with no entry in
# any audit log, are taken out: an e-mail address added to someone's login is
# where their password-reset link goes (a person's address is their login's,
# changed on the person's page); permission groups are not how maca gives access
# (memberships and roles are).
admin.site.unregister(EmailAddress)
admin.site.unregister(Group)


# Lockouts and sign-in attempts can be read, not changed nor cleared: a lockout
# ends by itself (``AXES_COOLOFF_TIME``), and clearing one by hand would leave
# no trace in any partnership's log.
for _model, _admin in (
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    admin.site.unregister(_model)
    admin.site.register(
        _model,
        type(
            f"ReadOnly{_admin.__name__}",
            (_NoDeleting, _admin),
            {
                "has_add_permission": lambda self, request: False,
                "has_change_permission": lambda self, request, obj=None: False,
            },
        ),
    )


@admin.register(Authenticator)
class AuthenticatorAdmin(_NoDeleting, admin.ModelAdmin):
    """Read-only, without the (encrypted) secrets. The one change an operator
    may make is to reset a person's second factor when they have lost their
    phone and their recovery codes."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__email"]
    fields = ["user", "type", "created_at", "last_used_at", "reset"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Reset")
    def reset(self, obj):
        return format_html(
            '<a href="{}">Reset this person\'s second factor</a>',
            reverse("admin:mfa_authenticator_reset", args=[obj.user_id]),
        )

    def get_urls(self):
        return [
            path(
                "reset/<int:user_id>/",
                self.admin_site.admin_view(self.reset_view),
                name="mfa_authenticator_reset",
            ),
            *super().get_urls(),
        ]

    def reset_view(self, request, user_id: int):
        if not request.user.has_perm("mfa.delete_authenticator"):
            raise PermissionDenied
        person = get_object_or_404(User, pk=user_id)
        form = ResetForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                operator_services.operator_authenticator_reset(
                    actor=request.user, user=person, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, f"{person.email}’s second factor has been reset. They and their admins are told."
                )
                return redirect("admin:mfa_authenticator_changelist")
        return TemplateResponse(
            request,
            "admin/mfa/authenticator/reset.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Reset the second factor of {person.email}",
                "person": person,
                "form": form,
                "opts": self.model._meta,
            },
        )

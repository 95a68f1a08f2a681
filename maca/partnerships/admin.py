"""Partnerships and agencies in the platform operators' admin.

Every change goes through the services of ``maca.partnerships.services``, so
it is checked as in the product and written to the partnership's audit log;
nothing is deleted (past audits name their agencies; a partnership is switched
off, not removed); and a form carries the version it was loaded at, so that two
operators cannot overwrite each other.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect

from maca.core.concurrency import EditConflict
from maca.partnerships import presenters, services
from maca.partnerships.models import Agency, Partnership

CONFLICT = "Someone changed this while you were editing. Reload the page and make your changes again."


class _NoDeleting:
    def has_delete_permission(self, request, obj=None):
        return False


def _loaded_version():
    return forms.IntegerField(widget=forms.HiddenInput, required=False)


class _VersionCheck:
    """For a model form with a ``loaded_version`` field: the version the page
    was loaded at must still be the saved one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = type(self.instance).objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if cleaned.get("loaded_version") != current:
                raise ValidationError(CONFLICT)
        return cleaned


class _VersionedAdmin(_NoDeleting, admin.ModelAdmin):
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """The form checks what it can before saving (``check_agency``...), and
        the services check it all again as they save, under their locks. What
        changed between the two (a sub-unit added to an agency being moved
        under another, an edit saved meanwhile) is refused by the service: the
        page says why, with nothing saved (the admin's own transaction is
        rolled back), rather than failing with a server error."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            self.message_user(request, f"Nothing was saved. {CONFLICT}", messages.ERROR)
        except ValidationError as error:
            reasons = "; ".join(message.rstrip(".") for message in error.messages)
            self.message_user(request, f"Nothing was saved: {reasons}.", messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            form.base_fields["loaded_version"] = self.form.base_fields["loaded_version"]
        return form

    def get_fieldsets(self, request, obj=None):
        fields = list(self.get_fields(request, obj))
        if obj is not None and "loaded_version" not in fields:
            fields.append("loaded_version")
        return [(None, {"fields": fields})]


class PartnershipAdminForm(_VersionCheck, forms.ModelForm):
    loaded_version = _loaded_version()

    class Meta:
        model = Partnership
        fields = ["name", "short_name", "slug", "is_active"]


@admin.register(Partnership)
class PartnershipAdmin(_VersionedAdmin):
    form = PartnershipAdminForm
    list_display = ["name", "short_name", "slug", "is_active"]
    search_fields = ["name", "slug"]

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else {"slug": ["short_name"]}

    def get_readonly_fields(self, request, obj=None):
        # The slug is the partnership's address in every link maca has sent
        # (``?partnership=<slug>``, ADR 0005): fixed once the partnership exists.
        return ["slug", "version"] if obj else ["version"]

    def get_fields(self, request, obj=None):
        return ["name", "short_name", "slug", "is_active", "version"] if obj else ["name", "short_name", "slug"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            saved = services.partnership_update(
                actor=request.user,
                partnership=obj,
                name=data["name"],
                short_name=data["short_name"],
                is_active=data["is_active"],
                expected_version=data["loaded_version"],
            )
        else:
            saved = services.partnership_create(
                actor=request.user, name=data["name"], short_name=data["short_name"], slug=data["slug"]
            )
        obj.pk = saved.pk
        obj.refresh_from_db()


class AgencyAdminForm(_VersionCheck, forms.ModelForm):
    loaded_version = _loaded_version()

    class Meta:
        model = Agency
        fields = ["partnership", "name", "kind", "parent", "is_active"]

    def clean(self):
        cleaned = super().clean()
        partnership = cleaned.get("partnership") or getattr(self.instance, "partnership", None)
        if partnership is None or not cleaned.get("name"):
            return cleaned
        agency = self.instance if self.instance.pk else None
        try:
            services.check_agency(
                partnership=partnership,
                agency=agency,
                name=cleaned["name"],
                parent=cleaned.get("parent"),
                kind=cleaned.get("kind"),
            )
            if agency is not None and "is_active" in cleaned:
                saved = Agency.objects.select_related("parent").get(pk=agency.pk)
                if cleaned["is_active"] != saved.is_active:
                    services.check_agency_active(agency=saved, active=cleaned["is_active"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, problems in error.message_dict.items():
                    for problem in problems:
                        self.add_error(field if field in self.fields else None, problem)
            else:
                self.add_error("is_active", error)
        return cleaned


@admin.register(Agency)
class AgencyAdmin(_VersionedAdmin):
    form = AgencyAdminForm
    list_display = ["name", "partnership", "kind", "parent", "is_active"]
    list_filter = ["partnership", "kind", "is_active"]
    search_fields = ["name"]
    readonly_fields = ["version"]

    def get_readonly_fields(self, request, obj=None):
        return ["partnership", "version"] if obj else ["version"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["partnership", "name", "kind", "parent"]
        return ["partnership", "name", "kind", "parent", "is_active", "version"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            with transaction.atomic():
                saved = self._change(request, obj, data)
        else:
            saved = services.agency_create(
                actor=request.user,
                partnership=data["partnership"],
                name=data["name"],
                kind=data["kind"],
                parent=data.get("parent"),
            )
        obj.pk = saved.pk
        obj.refresh_from_db()

    def _change(self, request, obj, data) -> Agency:
        """The name, kind and place, then (if asked) on or off: both or neither."""
        saved = Agency.objects.get(pk=obj.pk)
        if (saved.name, saved.kind, saved.parent_id) != (
            data["name"].strip(),
            data["kind"],
            data.get("parent") and data["parent"].pk,
        ):
            saved = services.agency_update(
                actor=request.user,
                agency=obj,
                name=data["name"],
                kind=data["kind"],
                parent=data.get("parent"),
                expected_version=data["loaded_version"],
            )
        elif saved.version != data["loaded_version"]:
            raise ValidationError(CONFLICT)
        if data["is_active"] != saved.is_active:
            saved, ended = services.agency_set_active(
                actor=request.user, agency=saved, active=data["is_active"], expected_version=saved.version
            )
            if not saved.is_active:
                # What the deactivation ended (its people's access, its invitations),
                # counted in its transaction, as the partnership's own page says it.
                lost = presenters.access_lost_after_deactivation(ended)
                said = f"{presenters.no_longer_taking_part(saved.name)} {lost}".strip()
                self.message_user(request, said, messages.SUCCESS)
        return saved

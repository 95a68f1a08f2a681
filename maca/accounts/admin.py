from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from maca.accounts.models import Invitation, Membership, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "full_name", "password")}),
        ("Platform", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = []
    list_filter = ["is_active", "is_staff"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "partnership", "role", "agency", "is_active"]
    list_filter = ["partnership", "role", "is_active"]
    search_fields = ["user__email", "user__full_name"]
    readonly_fields = ["version"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "partnership", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["partnership"]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False  # invitations are sent from the product, which e-mails the link

    def has_change_permission(self, request, obj=None):
        return False

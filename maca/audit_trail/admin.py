from django.contrib import admin

from maca.audit_trail.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "actor_label", "action", "object_type", "object_id", "partnership"]
    # No filter on action: the admin would list its choices with SELECT DISTINCT over the whole log.
    list_filter = ["partnership"]
    list_select_related = ["partnership"]
    search_fields = ["actor_label", "object_label", "object_id"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

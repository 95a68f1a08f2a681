from django.contrib import admin

from maca.partnerships.models import Agency, Partnership


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "slug", "is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "partnership", "kind", "parent", "is_active"]
    list_filter = ["partnership", "kind", "is_active"]
    search_fields = ["name"]
    readonly_fields = ["version"]

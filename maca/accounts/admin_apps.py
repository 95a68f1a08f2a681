"""Django's admin, with maca's site (see admin_site.py). Kept apart from the
site so that loading the app does not import models before they are ready."""

from django.contrib.admin.apps import AdminConfig


class PlatformAdminConfig(AdminConfig):
    default_site = "maca.accounts.admin_site.PlatformAdminSite"

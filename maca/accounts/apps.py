from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "maca.accounts"
    verbose_name = "People and roles"

    def ready(self) -> None:
        from maca.accounts import signals  # noqa: F401  (sign-in events to the audit log)
        from maca.accounts.emails import build_invitation_email
        from maca.notifications import builders

        builders.register("invitation", build_invitation_email)

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "maca.notifications"
    verbose_name = "E-mail"

    def ready(self) -> None:
        from maca.core import retention
        from maca.notifications import retention as email_retention

        retention.register(
            retention.Kind(
                key="kept_emails",
                label="E-mails kept by a trial or development install",
                happens="deleted (production sends e-mail and keeps none)",
                counted_from="the sending",
                unit="days",
                default=90,
                minimum=1,
                maximum=3650,
                apply=email_retention.delete_kept_emails,
                order=60,
            )
        )

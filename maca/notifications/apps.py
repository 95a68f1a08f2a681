from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "maca.notifications"
    verbose_name = "E-mail"

    def ready(self) -> None:
        from maca.notifications import delivery
        from maca.notifications.tasks import deliver_email
        from maca.operations import schedule, workers

        schedule.register_sweep("notifications.retry_due", delivery.requeue_due)
        schedule.register_job(
            name="notifications.prune",
            title="Forget e-mail sent long ago",
            description="Deletes the record of messages sent more than MACA_TASK_RESULT_DAYS ago, "
            "and of messages not sent after 90 days.",
            at="03:40",
            run=delivery.prune,
        )
        workers.register_lost_handler(deliver_email, delivery.on_worker_lost)

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

from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "maca.partnerships"
    verbose_name = "Partnerships and agencies"

    def ready(self) -> None:
        from maca.operations import schedule
        from maca.partnerships.retention import scheduled_retention

        schedule.register_job(
            name="partnerships.retention",
            title="Keep case-level data no longer than each partnership decided",
            description="Removes or de-identifies what has passed each partnership's retention periods "
            "(Data retention page) and records counts in its audit log.",
            at="02:30",
            run=scheduled_retention,
        )

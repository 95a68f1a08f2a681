from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "maca.returns"
    verbose_name = "Agency returns"

    def ready(self) -> None:
        from maca.programme import stages
        from maca.programme.models import Stage
        from maca.returns import services
        from maca.selection.services import on_assignments_changed

        stages.register_check(Stage.AUDITING, services.tool_ready)
        stages.register_on_enter(Stage.AUDITING, services.returns_create_for_audit)
        on_assignments_changed(services.follow_assignment_changes)

        from maca.operations import schedule
        from maca.returns.reminders import scheduled_reminders

        schedule.register_job(
            name="returns.reminders",
            title="Reminders about outstanding returns",
            description="Reminds agency leads a set number of days before and after each return deadline. "
            "Each reminder goes once per day due.",
            at="07:00",
            run=scheduled_reminders,
        )

from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "maca.returns"
    verbose_name = "Agency returns"

    def ready(self) -> None:
        from maca.core import retention
        from maca.programme import stages
        from maca.programme.models import Stage
        from maca.returns import retention as returns_retention
        from maca.returns import services
        from maca.selection.services import on_assignments_changed, on_removal_checked

        stages.register_check(Stage.AUDITING, services.tool_ready)
        stages.register_check(Stage.WRITING_UP, services.none_sent_back)
        stages.register_notice(Stage.MEETING, services.returns_in_before_the_meeting)
        stages.register_on_enter(Stage.AUDITING, services.returns_create_for_audit)
        on_assignments_changed(services.follow_assignment_changes)
        on_removal_checked(services.work_at_risk)
        # The agency's cases to audit say which case's return is late, as its returns do.
        from maca.returns.presenters import late_deadline
        from maca.returns.selectors import late_assignments
        from maca.selection.extensions import register_late_returns

        register_late_returns(late_assignments, marked=late_deadline)
        # And which case's return was withdrawn, in the words of the agency's returns.
        from maca.returns.presenters import NOT_DUE_WITHDRAWN
        from maca.returns.selectors import withdrawn_assignments
        from maca.selection.extensions import register_withdrawn_returns

        register_withdrawn_returns(withdrawn_assignments, word=NOT_DUE_WITHDRAWN)
        # And which case's return came in after its deadline, as its returns say it.
        from maca.returns.presenters import submitted_late_deadline
        from maca.returns.selectors import submitted_late_assignments
        from maca.selection.extensions import register_submitted_late

        register_submitted_late(submitted_late_assignments, marked=submitted_late_deadline)
        # ``tools`` is below ``returns``: returns registers with it, as with programme's stages.
        from maca.tools.services import register_on_published

        register_on_published(services.returns_follow_published_version)

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

        retention.register(
            retention.Kind(
                key="identifiers_after_audit",
                label="Identifiers of the cases an audit looked at",
                happens=(
                    "identifiers deleted (case-system and NHS numbers, names, dates of birth), "
                    "names taken out of returns, chronologies and the reasons given for choosing, sending back or "
                    "withdrawing them; the case, returns and chronology stay"
                ),
                counted_from="the end of the audit (closed or cancelled)",
                unit="months",
                default=12,
                minimum=1,
                maximum=120,
                apply=returns_retention.forget_identifiers_after_audit,
                order=20,
            )
        )

from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "maca.selection"
    verbose_name = "Case selection"

    def ready(self) -> None:
        from maca.core import retention
        from maca.programme import audit_cases, stages
        from maca.programme.models import Stage
        from maca.selection import retention as selection_retention
        from maca.selection import selectors, services

        stages.register_check(Stage.AUDITING, services.ready_for_agencies)
        stages.register_on_enter(Stage.AUDITING, services.tell_agencies_their_cases)
        audit_cases.register(
            counts=selectors.case_counts,
            can_see=selectors.can_see_audit_cases,
            waiting=selectors.nominations_waiting,
        )

        retention.register(
            retention.Kind(
                key="pool_cases_never_drawn",
                label="Cases in the pool never selected for an audit",
                happens="deleted, with their children",
                counted_from="the last case list that included them",
                unit="months",
                default=12,
                minimum=1,
                maximum=120,
                apply=selection_retention.delete_never_drawn,
                order=10,
            )
        )
        retention.register(
            retention.Kind(
                key="nominations_not_taken_up",
                label="Nominations of cases declined or never decided",
                happens="deleted, with the reasons given",
                counted_from="the end of the audit they were made for",
                unit="months",
                default=12,
                minimum=1,
                maximum=120,
                apply=selection_retention.delete_nominations_not_taken_up,
                order=30,
            )
        )

from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "maca.selection"
    verbose_name = "Case selection"

    def ready(self) -> None:
        from maca.programme import audit_cases, stages
        from maca.programme.models import Stage
        from maca.selection import selectors, services

        stages.register_check(Stage.AUDITING, services.ready_for_agencies)
        stages.register_on_enter(Stage.AUDITING, services.tell_agencies_their_cases)
        audit_cases.register(counts=selectors.case_counts, can_see=selectors.can_see_audit_cases)

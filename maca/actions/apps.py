from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "maca.actions"
    verbose_name = "Action plan"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from maca.actions import links, reminders, reporting
        from maca.core import sealed
        from maca.findings.extensions import (
            register_concern_acknowledged,
            register_concern_rows,
            register_recommendation_actions,
            register_theme_figures,
        )
        from maca.findings.models import ImmediateConcern
        from maca.operations import schedule

        # An immediate safeguarding concern becomes an urgent action as it is
        # saved, in the same transaction (findings cannot import actions).
        post_save.connect(_concern_saved, sender=ImmediateConcern, dispatch_uid="actions.concern_to_action")

        # The concern's page shows its urgent action; acknowledging the concern is the action's progress.
        register_concern_rows(links.concern_action_rows)
        register_concern_acknowledged(_concern_acknowledged)

        register_theme_figures(reporting.theme_figures)
        # A recommendation's withdraw page names the actions raised from it (refused while one is open).
        register_recommendation_actions(links.recommendation_actions)
        # Evidence files are encrypted with the field keys: key rotation re-encrypts them.
        sealed.register("actions.Evidence", "content")

        schedule.register_job(
            name="actions.reminders",
            title="Reminders about actions",
            description="E-mails each action's owner a week before its due date and when it becomes overdue "
            "(then weekly), and sends QA officers a digest every Monday. Each goes once per day due.",
            at="07:15",
            run=reminders.scheduled_reminders,
        )


def _concern_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from maca.actions.services import action_raise_for_concern

        action_raise_for_concern(concern=instance)


def _concern_acknowledged(*, concern, actor):
    from maca.actions.services import progress_post_for_acknowledged_concern

    progress_post_for_acknowledged_concern(concern=concern, actor=actor)

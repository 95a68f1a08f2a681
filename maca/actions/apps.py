from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "maca.actions"
    verbose_name = "Action plan"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from maca.actions import reminders, reporting
        from maca.core import sealed
        from maca.findings.extensions import register_theme_figures
        from maca.findings.models import ImmediateConcern
        from maca.operations import schedule

        # An immediate safeguarding concern becomes an urgent action as it is
        # saved, in the same transaction (findings cannot import actions).
        post_save.connect(_concern_saved, sender=ImmediateConcern, dispatch_uid="actions.concern_to_action")

        register_theme_figures(reporting.theme_figures)
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

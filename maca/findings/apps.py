from django.apps import AppConfig
from django.db.models.signals import post_save


def _seed_themes(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from maca.findings.services import themes_ensure

        themes_ensure(partnership=instance)


class FindingsConfig(AppConfig):
    name = "maca.findings"
    verbose_name = "Findings and themes"

    def ready(self):
        from maca.partnerships.models import Partnership

        post_save.connect(_seed_themes, sender=Partnership, dispatch_uid="findings_seed_themes")

        from maca.findings.recommendation_services import none_proposed
        from maca.programme import stages
        from maca.programme.models import Stage

        stages.register_check(Stage.ACTIONS, none_proposed)

        from maca.findings.presenters import themes_unconfirmed_warnings

        stages.register_warning(Stage.WRITING_UP, themes_unconfirmed_warnings)
        stages.register_warning(Stage.ACTIONS, themes_unconfirmed_warnings)

        from maca.findings.selectors import meeting_held_day, meetings_held_on
        from maca.programme.meeting_day import register_held_day, register_meetings_held

        register_meetings_held(meetings_held_on)
        register_held_day(meeting_held_day)

        from maca.findings.retention import scrub_case_text
        from maca.returns.retention import register_case_text_scrubber

        register_case_text_scrubber(scrub_case_text)

        from maca.findings.meaning import scheduled_fill
        from maca.operations import schedule

        schedule.register_job(
            name="findings.meanings",
            title="Read new findings for their meaning",
            description="Makes the sentence embeddings that findings written without the model, or changed by "
            "retention, lack, so that findings like one another can be found by meaning.",
            at="04:00",
            run=scheduled_fill,
        )

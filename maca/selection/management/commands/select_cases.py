"""Draw a random stratified sample for an audit from the command line.

    manage.py select_cases --audit ID --size N --balance age_band,service_level \
        [--allocation proportional|equal] [--seed S]
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from maca.cases.dimensions import dimensions
from maca.programme.models import Audit
from maca.selection.forms import DrawForm
from maca.selection.services import LOOK_BACK_MONTHS, PoolFilter, draw_make


class Command(BaseCommand):
    help = "Draw a random sample for an audit, balanced on the given dimensions, and print the balance table."

    def add_arguments(self, parser):
        parser.add_argument("--audit", type=int, required=True, help="The audit's number (in its web address).")
        parser.add_argument("--size", type=int, required=True, help="Cases in the sample, nominated ones included.")
        parser.add_argument("--balance", default="", help="Comma-separated dimensions, e.g. age_band,service_level.")
        parser.add_argument("--allocation", choices=["proportional", "equal"], default="proportional")
        parser.add_argument("--seed", type=int, default=None, help="Repeat an earlier draw exactly.")
        parser.add_argument(
            "--open-within-months", type=int, default=None, help="Only cases open at some time in the last N months."
        )
        parser.add_argument(
            "--exclude-audited-within-months",
            type=int,
            default=LOOK_BACK_MONTHS,
            help="Leave out cases audited in the last N months (0 to include them).",
        )

    def handle(self, *args, **options):
        # The web form's bounds; 0 months also leaves no audited case out here.
        _check_range(options, "seed")
        _check_range(options, "open_within_months")
        _check_range(options, "exclude_audited_within_months", lowest=0)
        audit = Audit.objects.filter(pk=options["audit"]).select_related("partnership").first()
        if audit is None:
            raise CommandError(f"There is no audit {options['audit']}.")
        keys = [k.strip() for k in options["balance"].split(",") if k.strip()]
        known = dimensions()
        unknown = [k for k in keys if k not in known]
        if unknown:
            raise CommandError(
                f"Unknown {'dimension' if len(unknown) == 1 else 'dimensions'}: {', '.join(unknown)}. "
                f"Choose from: {', '.join(known)}."
            )
        pool_filter = PoolFilter(
            open_within_months=options["open_within_months"],
            exclude_audited_within_months=options["exclude_audited_within_months"] or None,
        )
        try:
            draw = draw_make(
                actor=None,
                audit=audit,
                size=options["size"],
                dimensions=keys,
                allocation=options["allocation"],
                pool_filter=pool_filter,
                seed=options["seed"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Drew {len(draw.selected_case_ids)} cases for ‘{audit.title}’ from a pool of {draw.pool_size} "
                f"(seed {draw.seed}; draw {draw.pk})."
            )
        )
        self.stdout.write(render_balance(draw.balance))


def _check_range(options: dict, name: str, *, lowest: int | None = None) -> None:
    """Refuse a number outside the bounds the draw form sets for ``name``."""
    field = DrawForm.base_fields[name]
    lowest = field.min_value if lowest is None else lowest
    value = options[name]
    if value is not None and not lowest <= value <= field.max_value:
        option = "--" + name.replace("_", "-")
        raise CommandError(f"{option} must be a whole number from {lowest:,} to {field.max_value:,}, not {value:,}.")


def render_balance(balance: list[list[dict]]) -> str:
    """The balance table as text: pool against sample for each dimension."""
    lines = []
    header = f"  {'group':<34}{'pool':>14}{'target':>9}{'sample':>14}{'diff':>7}"
    for rows in balance:
        if not rows:
            continue
        lines += ["", rows[0].get("dimension_label", rows[0]["dimension"]), header]
        for row in rows:
            target = f"{row['target']:>9.1f}" if row.get("target") is not None else f"{'–':>9}"
            deviation = f"{row['deviation']:>+7.1f}" if row.get("deviation") is not None else f"{'–':>7}"
            lines.append(
                f"  {row['label'][:33]:<34}{row['pool_count']:>7} ({row['pool_share']:>4.0%})"
                f"{target}{row['sample_count']:>7} ({row['sample_share']:>4.0%}){deviation}"
            )
    return "\n".join(lines)

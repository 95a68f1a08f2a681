"""What every drafted output writes alike: dates, counts, bullets."""

from __future__ import annotations


def long_date(value) -> str:
    """GOV.UK style: 1 December 2026."""
    return f"{value:%-d %B %Y}"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {' '.join(text.split())}" for text in items)


NOT_RECORDED = "Not recorded"

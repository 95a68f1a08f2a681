"""The recurrence bench builds its ten years and measures every page (at a
small size here: the figures come from ``make bench``)."""

import pytest

from maca.findings import bench_recurrence
from maca.findings.models import Finding, FindingTag

pytestmark = pytest.mark.django_db


def test_the_bench_builds_its_years_and_opens_every_page(monkeypatch):
    monkeypatch.setattr(bench_recurrence, "YEARS", 2)
    monkeypatch.setattr(bench_recurrence, "FINDINGS_PER_AUDIT", 5)
    result = bench_recurrence.run(runs=1)
    assert result["built"]["audits"] == 8 and result["built"]["cases"] == 48 and result["built"]["findings"] == 40
    assert Finding.objects.count() == 40 and FindingTag.objects.count() >= 40
    names = ["recurring_themes", "themes_over_years_chart", "theme_by_year_chart", "search_words", "search_theme"]
    names.append("findings_like_this_one")
    if result.get("findings_read_for_meaning"):
        # The findings were read for their meaning, and the like page measured again by meaning.
        assert result["findings_read_for_meaning"]["findings"] == 40
        names.append("findings_like_this_one_by_meaning")
    for name in names:
        assert result[name]["queries"] > 0 and result[name]["median_ms"] > 0

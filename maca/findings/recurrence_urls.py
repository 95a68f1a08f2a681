"""Addresses of the cross-case and recurrence pages (added to ``findings.urls``)."""

from django.urls import path

from maca.findings import recurrence_views as views

urlpatterns = [
    path("programme/audits/<int:audit_pk>/across-cases/", views.across_cases, name="across_cases"),
    path("programme/audits/<int:audit_pk>/across-cases/propose/", views.propose, name="propose_recommendations"),
    path("recommendations/<int:pk>/", views.recommendation, name="recommendation"),
    path("recommendations/<int:pk>/withdraw/", views.withdraw, name="recommendation_withdraw"),
    path("recurrence/", views.themes_over_years, name="themes_over_years"),
    path("recurrence/themes/<slug:key>/", views.theme_over_years, name="theme_over_years"),
    path("recurrence/recurring/", views.recurring, name="recurring_themes"),
    path("recurrence/search/", views.search_findings, name="search"),
]

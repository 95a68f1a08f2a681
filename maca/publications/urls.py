from django.urls import path

from maca.publications import views

app_name = "publications"

urlpatterns = [
    path("publications/", views.index, name="index"),
    path("publications/new/", views.new, name="new"),
    path("publications/settings/", views.settings_view, name="settings"),
    path("publications/<int:pk>/", views.detail, name="detail"),
    path("publications/<int:pk>/versions/<int:number>/", views.version, name="version"),
    path("publications/<int:pk>/versions/<int:number>/download.<str:fmt>", views.download, name="download"),
    path("publications/<int:pk>/sections/<slug:key>/", views.section_edit, name="section_edit"),
    path("publications/<int:pk>/theme-names/", views.theme_names, name="theme_names"),
    path("publications/<int:pk>/figures/", views.figures, name="figures"),
    path("publications/<int:pk>/check/", views.check, name="check"),
    path("publications/<int:pk>/check/replace/", views.replace, name="replace"),
    path("publications/<int:pk>/check/override/<str:fingerprint>/", views.override, name="override"),
    path("publications/<int:pk>/submit/", views.submit, name="submit"),
    path("publications/<int:pk>/approve/", views.approve, name="approve"),
    path("publications/<int:pk>/send-back/", views.send_back, name="send_back"),
    path("publications/<int:pk>/publish/", views.publish, name="publish"),
    path("publications/<int:pk>/correct/", views.correct, name="correct"),
    path("publications/<int:pk>/correction-reason/", views.correction_reason, name="correction_reason"),
    path("publications/<int:pk>/discard/", views.discard, name="discard"),
    path("publications/<int:pk>/abandon-correction/", views.abandon_correction, name="abandon_correction"),
    path("publications/<int:pk>/practice/", views.practice_view, name="practice"),
    path("publications/audits/<int:audit_pk>/people/", views.people, name="people"),
    path("publications/audits/<int:audit_pk>/people/<int:pk>/", views.person, name="person"),
]

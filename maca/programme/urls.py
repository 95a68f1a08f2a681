from django.urls import path

from maca.programme import views

app_name = "programme"

urlpatterns = [
    path("", views.current_year, name="home"),
    path("<int:year>/", views.year, name="year"),
    path("new/", views.programme_new, name="programme_new"),
    path("priorities/", views.priorities, name="priorities"),
    path("priorities/new/", views.priority_new, name="priority_new"),
    path("priorities/<int:pk>/", views.priority, name="priority"),
    path("audits/new/", views.audit_new, name="audit_new"),
    path("audits/<int:pk>/", views.audit, name="audit"),
    path("audits/<int:pk>/edit/", views.audit_edit, name="audit_edit"),
    path("audits/<int:pk>/move/", views.audit_move, name="audit_move"),
    path("audits/<int:pk>/scrutineers/", views.audit_scrutineers, name="audit_scrutineers"),
]

from django.urls import path

from maca.tools import views

app_name = "tools"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("add-standard-tools/", views.install_defaults, name="install_defaults"),
    path("<int:pk>/", views.tool, name="tool"),
    path("<int:pk>/change/", views.tool_edit, name="tool_edit"),
    path("<int:pk>/archive/", views.tool_archive, name="tool_archive"),
    path("<int:pk>/new-draft/", views.new_draft, name="new_draft"),
    path("versions/<int:pk>/", views.version, name="version"),
    path("versions/<int:pk>/publish/", views.publish, name="publish"),
    path("versions/<int:pk>/sections/new/", views.section_new, name="section_new"),
    path("sections/<int:pk>/", views.section_edit, name="section_edit"),
    path("sections/<int:pk>/move/", views.section_move, name="section_move"),
    path("sections/<int:pk>/remove/", views.section_remove, name="section_remove"),
    path("sections/<int:pk>/questions/new/", views.question_new, name="question_new"),
    path("questions/<int:pk>/", views.question_edit, name="question_edit"),
    path("questions/<int:pk>/move/", views.question_move, name="question_move"),
    path("questions/<int:pk>/remove/", views.question_remove, name="question_remove"),
    path("scales/", views.scales, name="scales"),
    path("scales/new/", views.scale_new, name="scale_new"),
]

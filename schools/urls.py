"""URLs of the school, questionnaire, advice, board and invitation pages."""

from django.urls import path

from . import views

app_name = "schools"

urlpatterns = [
    path("scholen/", views.school_list, name="school-list"),
    path("scholen/<int:pk>/", views.school_detail, name="school-detail"),
    path("scholen/<int:pk>/bewerken/", views.school_edit, name="school-edit"),
    path(
        "scholen/<int:pk>/vragenlijst/controle/",
        views.questionnaire_review,
        name="questionnaire-review",
    ),
    path(
        "scholen/<int:pk>/vragenlijst/<slug:step>/",
        views.questionnaire_step,
        name="questionnaire-step",
    ),
    path("scholen/<int:pk>/advies/", views.school_advice, name="school-advice"),
    path("besturen/<int:pk>/", views.board_detail, name="board-detail"),
    path("besturen/<int:pk>/uitnodigen/", views.board_invite, name="board-invite"),
    path("uitnodiging/<str:token>/", views.invitation_accept, name="invitation-accept"),
]

from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("wie-kan-helpen/", views.organisation_list, name="list"),
    path("scholen/<int:pk>/startpakket/", views.school_starter, name="school-starter"),
    path(
        "scholen/<int:pk>/startpakket/<str:kind>.docx",
        views.school_clause,
        name="school-clause",
    ),
    path(
        "besturen/<int:pk>/organisaties/",
        views.board_organisations,
        name="board-organisations",
    ),
]

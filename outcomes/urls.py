from django.urls import path

from outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("add/for/<int:person_pk>/", views.outcome_create, name="create"),
    path("<int:pk>/", views.outcome_detail, name="detail"),
    path("<int:pk>/edit/", views.outcome_edit, name="edit"),
    path("<int:pk>/history/", views.outcome_history, name="history"),
    path("<int:pk>/entered-in-error/", views.outcome_entered_in_error, name="entered_in_error"),
    path("<int:pk>/move/", views.outcome_move, name="move"),
    path("<int:pk>/steps/add/", views.step_create, name="step_create"),
    path("steps/<int:pk>/edit/", views.step_edit, name="step_edit"),
    path("steps/<int:pk>/status/", views.step_status, name="step_status"),
    path("steps/<int:pk>/move/", views.step_move, name="step_move"),
    path(
        "steps/<int:pk>/entered-in-error/",
        views.step_entered_in_error,
        name="step_entered_in_error",
    ),
]

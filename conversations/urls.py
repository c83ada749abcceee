from django.urls import path

from conversations import views

app_name = "conversations"

urlpatterns = [
    path("add/for/<int:person_pk>/", views.conversation_create, name="create"),
    path("<int:pk>/", views.conversation_detail, name="detail"),
    path("<int:pk>/edit/", views.conversation_edit, name="edit"),
    path(
        "<int:pk>/entered-in-error/",
        views.conversation_entered_in_error,
        name="entered_in_error",
    ),
    path("<int:pk>/move/", views.conversation_move_view, name="move"),
]

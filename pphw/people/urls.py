from django.urls import path

from pphw.people import invite_views, views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("add/", views.person_create_view, name="create"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/history/", views.person_history, name="history"),
    path("<int:pk>/invite/", invite_views.person_invite_view, name="invite"),
    path(
        "<int:pk>/revoke-access/",
        invite_views.person_revoke_access_view,
        name="revoke_access",
    ),
]

from django.urls import path

from pphw.me import invite_views, views

app_name = "me"

urlpatterns = [
    path("", views.me_home, name="home"),
    path("outcomes/<int:pk>/", views.me_outcome, name="outcome"),
    path("outcomes/<int:pk>/words/", views.me_outcome_words, name="outcome_words"),
    path("outcomes/<int:pk>/steps/add/", views.me_step_add, name="step_add"),
    path("outcomes/<int:pk>/how-it-is-going/", views.me_reflection_add, name="reflection_add"),
    path("steps/<int:pk>/done/", views.me_step_done, name="step_done"),
    path("steps/<int:pk>/undo-done/", views.me_step_undo_done, name="step_undo_done"),
    path("before-we-meet/", views.me_preparation, name="preparation"),
    path("what-changed/", views.me_history, name="history"),
    path("my-data/", views.me_export, name="export"),
    path("my-data/my-data.json", views.me_export_json, name="export_json"),
    path("my-plan/", views.me_plan, name="plan"),
    path(
        "welcome/<uidb64>/<token>/",
        views.SetPasswordView.as_view(),
        name="set_password",
    ),
]

# Staff invite a person to their own record from the person's page: these
# pages sit under /people/ in the "people" namespace (see pphw/urls.py).
invitation_patterns = [
    path("<int:pk>/invite/", invite_views.person_invite_view, name="invite"),
    path(
        "<int:pk>/revoke-access/",
        invite_views.person_revoke_access_view,
        name="revoke_access",
    ),
]

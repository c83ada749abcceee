from django.urls import path

from pphw.me import delegate_views, invite_views, views

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
    path("who-can-see/", delegate_views.me_delegates, name="delegates"),
    path("who-can-see/invite/", delegate_views.me_delegate_invite, name="delegate_invite"),
    path("who-can-see/<int:pk>/end/", delegate_views.me_delegate_end, name="delegate_end"),
    path("act-for/<int:pk>/", delegate_views.me_act_for, name="act_for"),
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
    path("<int:pk>/access/", delegate_views.person_delegates, name="delegates"),
    path(
        "<int:pk>/access/legal-authority/",
        delegate_views.legal_authority_create,
        name="legal_authority",
    ),
    path(
        "access/<int:pk>/end/",
        delegate_views.person_delegation_end,
        name="delegation_end",
    ),
]

from django.urls import path

from pphw.people import me_views

app_name = "me"

urlpatterns = [
    path("", me_views.me_home, name="home"),
    path("outcomes/<int:pk>/", me_views.me_outcome, name="outcome"),
    path("outcomes/<int:pk>/words/", me_views.me_outcome_words, name="outcome_words"),
    path("outcomes/<int:pk>/steps/add/", me_views.me_step_add, name="step_add"),
    path("outcomes/<int:pk>/how-it-is-going/", me_views.me_reflection_add, name="reflection_add"),
    path("steps/<int:pk>/done/", me_views.me_step_done, name="step_done"),
    path("before-we-meet/", me_views.me_preparation, name="preparation"),
    path("what-changed/", me_views.me_history, name="history"),
    path("my-data/", me_views.me_export, name="export"),
    path("my-data/my-data.json", me_views.me_export_json, name="export_json"),
    path("my-plan/", me_views.me_plan, name="plan"),
    path(
        "welcome/<uidb64>/<token>/",
        me_views.SetPasswordView.as_view(),
        name="set_password",
    ),
]

from django.urls import path

from pphw.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("sign-out-elsewhere/", views.end_sessions, name="end_sessions"),
    path("two-step/set-up/", views.enrol, name="enrol"),
    path("two-step/code/", views.verify, name="verify"),
    path("two-step/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("two-step/turn-off/", views.turn_off, name="turn_off"),
    path("users/<int:pk>/reset-two-step/", views.reset, name="reset"),
]

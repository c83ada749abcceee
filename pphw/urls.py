from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from pphw.people import views as people_views

admin.site.site_header = "pphw administration"
admin.site.site_title = "pphw admin"

urlpatterns = [
    path("", people_views.home, name="home"),
    path("health/", people_views.health, name="health"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("people/", include("pphw.people.urls")),
    path("conversations/", include("conversations.urls")),
    path("outcomes/", include("outcomes.urls")),
    path("reviews/", include("reviews.urls")),
    path("me/", include("pphw.people.me_urls")),
    path("audit/", include("pphw.audit.urls")),
    path("admin/", admin.site.urls),
]

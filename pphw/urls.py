from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from pphw import views
from pphw.accounts import views as account_views
from pphw.me import urls as me_urls
from pphw.people import urls as people_urls
from pphw.people.forms import CappedPasswordResetForm, CappedSetPasswordForm, SignInForm

handler500 = "pphw.unavailable.server_error"

admin.site.site_header = "pphw administration"
admin.site.site_title = "pphw admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("session/extend/", views.session_extend, name="session_extend"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        account_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        account_views.PasswordResetView.as_view(form_class=CappedPasswordResetForm),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(form_class=CappedSetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # The "people" namespace: the person's record, and the invitation to their own.
    path(
        "people/",
        include((people_urls.urlpatterns + me_urls.invitation_patterns, "people")),
    ),
    path("conversations/", include("conversations.urls")),
    path("outcomes/", include("outcomes.urls")),
    path("reviews/", include("reviews.urls")),
    path("me/", include("pphw.me.urls")),
    path("community/", include("pphw.community.urls")),
    path("audit/", include("pphw.audit.urls")),
    path("records/", include("pphw.records.urls")),
    path("account/", include("pphw.accounts.urls")),
    path("admin/", admin.site.urls),
]

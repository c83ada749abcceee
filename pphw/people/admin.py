"""The Django admin: users, teams and memberships, with their history.

Users are never deleted, only deactivated: every change and every look at a
record stays attributed to the person who made it. The admin shows no care
text: a user's history leaves out the reasons for changes, which for a
person's login say why their access was revoked (the person's own history,
which their team sees, keeps them).
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from pphw.people.models import Membership, Team, User
from pphw.people.services import users_deactivate


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["team"]


@admin.register(User)
class PphwUserAdmin(UserAdmin, SimpleHistoryAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]
    history_list_display = ["is_active", "is_staff"]
    object_history_list_template = "admin/people/history_list_without_reasons.html"
    actions = ["deactivate"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Deactivate selected users", permissions=["change"])
    def deactivate(self, request, queryset) -> None:
        if queryset.filter(pk=request.user.pk).exists():
            self.message_user(
                request, "You cannot deactivate yourself; ask another staff admin.", messages.ERROR
            )
            queryset = queryset.exclude(pk=request.user.pk)
        count = users_deactivate(users=queryset, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d user was deactivated: they can no longer sign in.",
                "%(count)d users were deactivated: they can no longer sign in.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "area"]
    search_fields = ["name", "area"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "team", "role"]
    list_filter = ["team", "role"]
    autocomplete_fields = ["user", "team"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "team__name"]

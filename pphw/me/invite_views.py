"""Staff pages to invite a person to their own record, and to revoke that access."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from pphw.audit.log import record_access
from pphw.me.forms import InviteForm, RevokeForm
from pphw.me.invitations import (
    InvitationError,
    person_invite,
    person_revoke_access,
    suggest_username,
)
from pphw.people import access
from pphw.people.models import Person


@login_required
@require_http_methods(["GET", "POST"])
def person_invite_view(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_staff_member(request.user)
    person = access.get_rw_for_user(request.user, Person.objects.select_related("user"), pk)
    record_access(request, person, "person_invite")
    user = person.user
    has_password = user is not None and user.has_usable_password()
    initial = {
        "username": user.username if user else suggest_username(person),
        "email": user.email if user else "",
    }
    form = InviteForm(request.POST or None, initial=initial)
    if user is not None:
        # An existing login keeps its username; only a new link is made.
        form.fields["username"].disabled = True
    if request.method == "POST" and not has_password and form.is_valid():
        try:
            invitation = person_invite(
                person=person,
                by=request.user,
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                base_url=f"{request.scheme}://{request.get_host()}",
            )
        except InvitationError as error:
            form.add_error(error.field, str(error))
        else:
            return render(
                request,
                "people/invite_link.html",
                {
                    "person": person,
                    "invitation": invitation,
                    "link": request.build_absolute_uri(invitation.path),
                    "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
                    "nav": "people",
                },
            )
    return render(
        request,
        "people/invite.html",
        {
            "person": person,
            "form": form,
            "has_password": has_password,
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            "nav": "people",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_revoke_access_view(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_staff_member(request.user)
    # Revoking a login stays possible on a closed record.
    person = access.get_for_user(request.user, Person.objects.select_related("user"), pk)
    access.require(access.can_write(request.user))
    record_access(request, person, "person_revoke_access")
    if person.user_id is None:
        messages.info(request, f"{person.known_as} has no login to revoke.")
        return redirect(person)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person_revoke_access(person=person, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            f"{person.known_as} can no longer sign in, and has been signed out everywhere.",
        )
        return redirect(person)
    return render(
        request,
        "people/revoke_access.html",
        {"person": person, "form": form, "nav": "people"},
    )

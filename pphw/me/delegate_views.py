"""Access a person gives to someone they trust, and legal authorities recorded by staff.

The person's pages (``me`` namespace): who has access, inviting someone, ending
someone's access, and the delegate's choice of whose record to look at. The
staff pages (``people`` namespace, under /people/): every access to a
person's record, recording a legal authority, ending an access.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pphw.audit.log import record_access
from pphw.me.forms import DelegateInviteForm, DelegationEndForm, LegalAuthorityForm
from pphw.me.invitations import delegate_invite
from pphw.people import access
from pphw.people.models import Delegation, Person
from pphw.people.roles import ACT_FOR_SESSION_KEY
from pphw.people.services import delegation_end


def _delegations_of(person: Person):
    return (
        Delegation.objects.filter(person=person)
        .select_related("delegate", "given_by", "ended_by")
        .order_by("ended_at", "-since", "-id")
    )


def _link_page(request: HttpRequest, template: str, delegation, invitation, **extra):
    return render(
        request,
        template,
        {
            "delegation": delegation,
            "person": delegation.person,
            "invitation": invitation,
            "link": request.build_absolute_uri(invitation.path),
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            **extra,
        },
    )


# --- the person's own pages ------------------------------------------------------------


@login_required
@require_GET
def me_delegates(request: HttpRequest) -> HttpResponse:
    """Who may see my plan, since when, and a button to end it at once."""
    access.require_self(request.user)
    person = access.own_person(request.user)
    delegations = list(_delegations_of(person))
    return render(
        request,
        "me/delegates.html",
        {
            "person": person,
            "delegations": delegations,
            "has_active": any(d.is_active() for d in delegations),
            "nav": "me-delegates",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def me_delegate_invite(request: HttpRequest) -> HttpResponse:
    access.require_self(request.user)
    person = access.own_person(request.user)
    access.require_open(person)
    form = DelegateInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        delegation, invitation = delegate_invite(
            person=person,
            by=request.user,
            base_url=f"{request.scheme}://{request.get_host()}",
            **form.cleaned_data,
        )
        return _link_page(request, "me/delegate_link.html", delegation, invitation, nav="me")
    return render(
        request, "me/delegate_invite.html", {"person": person, "form": form, "nav": "me-delegates"}
    )


@login_required
@require_POST
def me_delegate_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End someone's access to my plan, at once: they are signed out of it everywhere."""
    access.require_self(request.user)
    person = access.own_person(request.user)
    delegation = get_object_or_404(Delegation.objects.filter(person=person), pk=pk)
    form = DelegationEndForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    delegation_end(
        delegation=delegation, by=request.user, reason=reason or f"Ended by {person.known_as}"
    )
    messages.success(
        request, f"{delegation.delegate} can no longer see your plan. This took effect at once."
    )
    return redirect("me:delegates")


@login_required
@require_POST
def me_act_for(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose whose record the ``me`` pages show: the user's own, or one they are a delegate of."""
    roles = access.roles(request.user)
    if roles.own_person_id == pk:
        request.session.pop(ACT_FOR_SESSION_KEY, None)
        messages.info(request, "Now showing your own plan.")
        return redirect("me:home")
    acting = next((d for d in roles.delegations if d.person_id == pk), None)
    if acting is None:
        raise Http404("No such page.")
    request.session[ACT_FOR_SESSION_KEY] = pk
    record_access(request, pk, "act_for")
    return redirect("me:home")


# --- staff pages -------------------------------------------------------------------------


@login_required
@require_GET
def person_delegates(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_staff_member(request.user)
    person = access.get_for_user(request.user, Person.objects.select_related("team"), pk)
    record_access(request, person, "delegates")
    return render(
        request,
        "people/delegates.html",
        {"person": person, "delegations": list(_delegations_of(person)), "nav": "people"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def legal_authority_create(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_staff_member(request.user)
    person = access.get_rw_for_user(request.user, Person.objects.select_related("team"), pk)
    record_access(request, person, "legal_authority_create")
    form = LegalAuthorityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        delegation, invitation = delegate_invite(
            person=person,
            by=request.user,
            base_url=f"{request.scheme}://{request.get_host()}",
            kind=Delegation.Kind.LEGAL,
            **form.cleaned_data,
        )
        return _link_page(
            request, "people/legal_authority_link.html", delegation, invitation, nav="people"
        )
    return render(
        request, "people/legal_authority.html", {"person": person, "form": form, "nav": "people"}
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_delegation_end(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_staff_member(request.user)
    delegation = get_object_or_404(
        Delegation.objects.visible_to(request.user).select_related("person", "delegate"), pk=pk
    )
    person = delegation.person
    access.require(access.can_write(request.user))
    record_access(request, person, "delegation_end")
    form = DelegationEndForm(request.POST or None)
    form.fields["reason"].required = True
    form.fields["reason"].label = "Why is this access being ended?"
    if request.method == "POST" and form.is_valid():
        delegation_end(delegation=delegation, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request, f"{delegation.delegate} can no longer see {person.known_as}'s record."
        )
        return redirect("people:delegates", pk=person.pk)
    return render(
        request,
        "people/delegation_end.html",
        {"person": person, "delegation": delegation, "form": form, "nav": "people"},
    )

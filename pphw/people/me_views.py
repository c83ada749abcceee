"""A person's own pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pphw.people import access


@login_required
@require_GET
def me_home(request: HttpRequest) -> HttpResponse:
    person = access.own_person(request.user)
    return render(request, "me/home.html", {"person": person, "nav": "me"})

"""The floor: the cheapest page a signed-in user can get, for comparison."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@login_required
@require_GET
def floor(request: HttpRequest) -> HttpResponse:
    """base.html with no data: session, user, roles and template, nothing else."""
    return render(request, "bench/floor.html")

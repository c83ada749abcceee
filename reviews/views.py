from __future__ import annotations

import csv
import datetime
from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET, require_http_methods

from outcomes.models import DUE_SOON_DAYS, Outcome, Step
from outcomes.vocabulary import StepStatus
from pphw import drafts
from pphw.audit.log import record_access, record_bulk_access
from pphw.audit.models import RecordAccess
from pphw.db_router import reads_from_reports
from pphw.people import access
from pphw.people.models import User
from pphw.versioning import VersionConflict
from reviews.charts import report_charts
from reviews.forms import (
    ReportFilterForm,
    ReviewForm,
    ReviewsDueFilterForm,
    new_step_formset,
    step_update_formset,
)
from reviews.models import Review
from reviews.report import (
    DISCLOSURE_RULES,
    Filters,
    Report,
    csv_rows,
    people_by_team,
    period_label,
)
from reviews.services import review_record
from reviews.team import COLUMNS, SOON_DAYS, due_count, due_first_page, parse_sort, team_rows

PAGE_SIZE = 25


class CountedPaginator(Paginator):
    """A Paginator told how many rows there are, so that it does not count them itself.

    A page is always cut at its own size, never at the count told, so that a count
    that ever read low could not leave rows off the last page.
    """

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)


class DuePage:
    """The outcomes due, cut into pages in two steps of one statement: the ids of a
    page, oldest first, read from the indexes of the viewer's open records and of
    their open outcomes by person and date alone; then what a row shows of those
    ids only. So a page costs the size of the viewer's teams, not of the whole
    table of outcomes."""

    ORDER = ("next_review_due", "id")

    def __init__(self, due, first_page: Callable[[int], list]):
        self.due = due
        # The first page (what nearly every visit opens) is read by a statement built
        # once per process (``reviews.team.due_first_page``), from the same rows.
        self.first_page = first_page

    def __getitem__(self, window: slice) -> list:
        if not window.start:
            return self.first_page(window.stop)
        ids = self.due.order_by(*self.ORDER).values("pk")[window]
        return list(
            Outcome.objects.filter(pk__in=ids)
            .select_related("person", "person__key_worker")
            .only(
                "next_review_due",
                "statement",
                "person__given_name",
                "person__preferred_name",
                "person__family_name",
                "person__key_worker__first_name",
                "person__key_worker__last_name",
                "person__key_worker__username",
            )
            .order_by(*self.ORDER)
        )


def _outcome_to_review(request: HttpRequest, pk: int) -> Outcome:
    access.require_staff_member(request.user)
    return access.get_rw_for_user(
        request.user, Outcome.objects.select_related("person", "person__team", "conversation"), pk
    )


@login_required
@require_GET
def due(request: HttpRequest) -> HttpResponse:
    user_roles = access.require_staff_member(request.user)
    today = timezone.localdate()
    colleagues = (
        User.objects.filter(memberships__team_id__in=user_roles.team_ids)
        .distinct()
        .order_by("first_name", "last_name", "username")
        .only("first_name", "last_name", "username")
    )
    form = ReviewsDueFilterForm(request.GET, colleagues=colleagues)
    within, key_worker = DUE_SOON_DAYS, None
    if form.is_valid():
        within, key_worker = form.cleaned_data["within"], form.cleaned_data["key_worker"]
    outcomes = Outcome.objects.visible_to(request.user).due_for_review(
        today=today, within_days=within
    )
    if key_worker is not None:
        outcomes = outcomes.filter(person__key_worker_id=key_worker)
    outcomes = DuePage(
        outcomes,
        lambda size: due_first_page(
            user_roles.team_ids,
            until=today + datetime.timedelta(days=within),
            key_worker=key_worker,
            size=size,
        ),
    )
    # Counted from the rows kept per team, key worker and review date, not the outcomes.
    count = due_count(
        user_roles.team_ids,
        until=today + datetime.timedelta(days=within),
        key_worker=key_worker,
    )
    page = CountedPaginator(outcomes, PAGE_SIZE, count=count).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = []
    for outcome in page.object_list:
        outcome.days_until_due = (outcome.next_review_due - today).days
        outcome.days_overdue = max(0, -outcome.days_until_due)
        # Not key_worker: that is the filter chosen, which the page still names below.
        person, worker = outcome.person, outcome.person.key_worker
        rows.append(
            (
                outcome.pk,
                outcome.next_review_due,
                outcome.days_until_due,
                outcome.statement,
                person.pk,
                person.full_name,
                worker and (worker.get_full_name() or worker.username),
            )
        )
    return render(
        request,
        "reviews/due.html",
        {
            "page": page,
            "form": form,
            "today": today,
            "within": within,
            "filtered": key_worker is not None,
            "query_string": query.urlencode(),
            # The table's rows are kept per process under every value they show
            # (docs/architecture.md, "Rendered parts kept in memory").
            "rows_key": repr(rows),
            "nav": "reviews",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@drafts.restores
def review_create(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _outcome_to_review(request, pk)
    record_access(request, outcome.person_id, "review_create")
    if not outcome.is_open:
        messages.info(request, "This outcome is closed, so it cannot be reviewed.")
        return redirect(outcome)
    steps = list(outcome.steps.unfinished())
    data = request.POST if request.method == "POST" else None
    form = drafts.restore(request, ReviewForm(data, outcome=outcome))
    step_forms = step_update_formset(data, steps=steps)
    new_steps = new_step_formset(data)
    if request.method == "POST" and all(
        [form.is_valid(), step_forms.is_valid(), new_steps.is_valid()]
    ):
        updates = step_forms.updates()
        added = [f.cleaned_data for f in new_steps.forms if f.has_changed()]
        saved_message = _saved_message(
            changed=[(step, status) for step, _, status in updates if step.status != status],
            added=added,
        )
        try:
            review = review_record(
                outcome=outcome,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                review_fields=form.review_fields(),
                step_updates=updates,
                new_steps=added,
                close_outcome=form.cleaned_data["close_outcome"],
            )
        except VersionConflict as conflict:
            outcome = _outcome_to_review(request, pk)
            if conflict.current.pk == outcome.pk and type(conflict.current) is type(outcome):
                form.refuse_for_conflict(conflict)
            else:
                form.refuse_for_conflict(
                    conflict,
                    noun=f"small step \u201c{conflict.current}\u201d",
                    advice="Reload the page to see it, then review again.",
                    point_at_newer=False,
                )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, saved_message)
            return redirect(review)
    return render(
        request,
        "reviews/review_form.html",
        {
            "form": form,
            "step_forms": step_forms,
            "new_steps": new_steps,
            "outcome": outcome,
            "person": outcome.person,
            "last_review": outcome.reviews.current().first(),
            "nav": "reviews",
        },
    )


STEP_OUTCOME_WORDS = {
    StepStatus.IN_PROGRESS: "is now in progress",
    StepStatus.DONE: "is marked done",
    StepStatus.NOT_GOING_AHEAD: "is not going ahead",
}


def _saved_message(*, changed: list[tuple[Step, str]], added: list[dict]) -> str:
    """What the review did, small steps included, in a sentence or three."""
    parts = ["The review was saved."]
    for step, status in changed:
        parts.append(f"\u201c{step.what}\u201d {STEP_OUTCOME_WORDS[status]}.")
    if added:
        noun = "small step was" if len(added) == 1 else "small steps were"
        names = ", ".join(f"\u201c{fields['what']}\u201d" for fields in added)
        parts.append(f"{len(added)} new {noun} added: {names}.")
    if not changed and not added:
        parts.append("No small steps were changed.")
    return " ".join(parts)


def _add_service_errors(form: ReviewForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            if name in {"achievement_status", "met_status"}:
                name = "progress"
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_staff_member(request.user)
    review = access.get_for_user(
        request.user, Review.objects.select_related("outcome", "outcome__person", "reviewed_by"), pk
    )
    record_access(request, review.outcome.person_id, "review")
    return render(
        request,
        "reviews/review_detail.html",
        {"review": review, "outcome": review.outcome, "nav": "reviews"},
    )


@login_required
@require_GET
def team(request: HttpRequest) -> HttpResponse:
    """The team at a glance: each key worker's figures, for the lead of the teams.

    It names staff and counts people without naming any, so it is not logged as a
    look at anyone's record; the lists its figures link to log their own looks.
    """
    user_roles = access.require_lead(request.user)
    sort, descending = parse_sort(request.GET.get("sort"))
    today = timezone.localdate()
    rows = team_rows(user_roles.lead_team_ids, today=today, sort=sort, descending=descending)
    headers = []
    for key, label, _ in COLUMNS:
        current = key == sort
        # A click on the sorted column turns it round; another column starts high to low,
        # apart from names, which start from A.
        if current:
            link = key if descending else f"-{key}"
        else:
            link = key if key == "name" else f"-{key}"
        headers.append(
            {
                "key": key,
                "label": label,
                "href": f"?sort={link}",
                "aria_sort": ("descending" if descending else "ascending") if current else None,
            }
        )
    return render(
        request,
        "reviews/team.html",
        {
            "rows": rows,
            "headers": headers,
            "soon_days": SOON_DAYS,
            "today": today,
            # The table's rows are kept per process under every value they show
            # (docs/architecture.md, "Rendered parts kept in memory").
            "rows_key": repr([row.shown for row in rows]),
            "nav": "team",
        },
    )


# --- the team lead report ------------------------------------------------------------


def _report_filters(request: HttpRequest) -> tuple[ReportFilterForm, Filters | None]:
    user_roles = access.require_lead(request.user)
    teams = list(access.lead_teams_for_user(request.user).order_by("name"))
    practitioners = (
        User.objects.filter(memberships__team_id__in=user_roles.lead_team_ids)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    form = ReportFilterForm(request.GET, teams=teams, practitioners=practitioners)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    team_ids = (data["team"],) if data["team"] else tuple(sorted(user_roles.lead_team_ids))
    filters = Filters(
        team_ids=team_ids,
        date_from=data["date_from"],
        date_to=data["date_to"],
        practitioner_id=data["practitioner"],
        category=data["category"],
        carers=data["carers"],
    )
    return form, filters


@login_required
@require_GET
@reads_from_reports
def report(request: HttpRequest) -> HttpResponse:
    form, filters = _report_filters(request)
    if filters is None:
        return render(request, "reviews/report.html", {"form": form, "nav": "report"})
    figures = Report(filters)
    follow_up = figures.follow_up()
    named = follow_up.people()
    if named:
        # The page names people and quotes their reviews: one row per team covered.
        record_bulk_access(
            request,
            "report",
            people_by_team(filters.team_ids, named),
            kind=RecordAccess.Kind.BULK_PAGE,
        )
    query = request.GET.copy()
    query.pop("page", None)
    period = period_label(filters)
    query_string = query.urlencode()
    return render(
        request,
        "reviews/report.html",
        {
            "form": form,
            "filters": filters,
            "period": period,
            # The summary is drawn only when not kept already under every figure it
            # is drawn from (docs/architecture.md, "Rendered parts kept in memory").
            "sections": partial(_sections, figures),
            "summary_key": repr((figures.summary_inputs(), period, query_string)),
            "rules": DISCLOSURE_RULES,
            "report": figures,
            "follow_up": follow_up,
            # Drawn again only when a value it shows changed (the same rule as above).
            "follow_up_key": repr((follow_up, query_string)),
            "query_string": query_string,
            "nav": "report",
        },
    )


def _sections(figures: Report) -> list[tuple]:
    """Each summary table with the chart drawn beside it, if it has one."""
    charts = report_charts(figures.summary)
    return [(table, charts.get(name)) for name, table in figures.tables().items()]


@login_required
@require_GET
@reads_from_reports
def report_print(request: HttpRequest) -> HttpResponse:
    """The summary to share, laid out for A4: the filters, the rules applied and no names."""
    form, filters = _report_filters(request)
    if filters is None:
        return render(request, "reviews/report.html", {"form": form, "nav": "report"})
    figures = Report(filters)
    record_bulk_access(
        request, "report_print", figures.people_by_team("summary"), kind=RecordAccess.Kind.BULK_PAGE
    )
    period = period_label(filters)
    return render(
        request,
        "reviews/report_print.html",
        {
            "filters": filters,
            "filter_labels": form.described(),
            "period": period,
            "report": figures,
            "sections": partial(_sections, figures),
            "summary_key": repr((figures.summary_inputs(), period, request.GET.urlencode())),
            "rules": DISCLOSURE_RULES,
            "query_string": request.GET.urlencode(),
            "nav": "report",
        },
    )


class _Echo:
    """A file-like object that hands back what is written, for streaming CSV."""

    def write(self, value: str) -> str:
        return value


def _csv_chunks(rows, *, rows_per_chunk: int = 200):
    """CSV text a few hundred rows at a time: streamed, without a write per row."""
    writer = csv.writer(_Echo())
    chunk = []
    for row in rows:
        chunk.append(writer.writerow(row))
        if len(chunk) == rows_per_chunk:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


@login_required
@require_GET
@reads_from_reports
def report_csv(request: HttpRequest, table: str) -> HttpResponse:
    form, filters = _report_filters(request)
    if table not in Report.TABLES:
        raise Http404("No such table.")
    if filters is None:
        errors = "; ".join(
            f"{form.fields[name].label if name in form.fields else 'Filters'}: {' '.join(e)}"
            for name, e in form.errors.items()
        )
        return HttpResponse(
            f"The filters are not valid: {errors}", status=400, content_type="text/plain"
        )
    report = Report(filters)
    record_bulk_access(request, f"report_csv_{table}", report.people_by_team(table))
    rows = csv_rows(report.table(table))
    response = StreamingHttpResponse(_csv_chunks(rows), content_type="text/csv; charset=utf-8")
    name = f"pphw-{table}-{filters.date_from:%Y%m%d}-{filters.date_to:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

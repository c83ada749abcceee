"""The caseload's rows shaped for its page, in a fixed number of statements."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, F, QuerySet

from pphw.people.models import Person
from pphw.statements import AnyOf, Ids, statement_models, statement_rows


def _caseload(teams: Ids | int) -> QuerySet:
    # Staff see the people of their teams (roles.visible_filter). One team is a value
    # of its own: PostgreSQL then reads the page in order from the team's index of
    # names, and keeps one plan for it. Several are one list parameter, so that the
    # statement is the same for any number of teams.
    if isinstance(teams, Ids):
        return Person.objects.filter(AnyOf(F("team_id"), teams))
    return Person.objects.filter(team_id=teams)


def caseload_first_page(team_ids: Iterable[int], *, size: int) -> tuple[list[Person], int]:
    """The first ``size`` people of the teams, in the caseload's order, each with their
    team and key worker, and how many people the teams hold: what the caseload shows
    when nothing is searched for, which is nearly every visit.

    Two statements, each built once per process (``pphw.statements``), where the
    paginated QuerySet built both again on every request; for one team, prepared on
    the connection too. The count is read even when the page is not full, so that the
    page costs the same statements whatever the size of the caseload.
    """
    ids = sorted(team_ids)
    one = len(ids) == 1
    teams = ids[0] if one else Ids(ids)
    suffix = "one-team" if one else "teams"
    people = statement_models(
        f"caseload-first-{size}-{suffix}",
        Person,
        ("team", "key_worker"),
        lambda teams: _caseload(teams)[:size],
        prepare=one,
        teams=teams,
    )
    counts = statement_rows(
        f"caseload-count-{suffix}",
        Person,
        lambda teams: (
            _caseload(teams)
            .order_by()
            .values("team_id")
            # COUNT(*), not of a column: PostgreSQL then counts from the team's index
            # alone, without reading the people's rows (0.07 against 0.6 ms a team of
            # 500 at 10,000 people, and 1.9 ms at 100,000, where they lie on more pages).
            .annotate(n=Count("*"))
            .values_list("team_id", "n")
        ),
        prepare=one,
        teams=teams,
    )
    return people, sum(n for _, n in counts)

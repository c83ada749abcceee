from django.db import migrations
from django.db.models import Count, F, OuterRef, Q, Subquery

EXPERIENCE = ("listened_to", "having_a_say", "treated_with_respect", "responded_to", "reliability")
ANSWERS = ("yes", "partly", "no")
WHO = ("person", "family", "practitioner", "community", "other")
IN_ERROR = "entered-in-error"


def fill(apps, schema_editor):
    """The report's counts per team and day and per team by category and status, from the
    records, as reviews.summaries works them out.

    Written out here with the historical models: a migration must not change when
    the code does.
    """
    Outcome = apps.get_model("outcomes", "Outcome")
    HistoricalOutcome = apps.get_model("outcomes", "HistoricalOutcome")
    Step = apps.get_model("outcomes", "Step")
    Review = apps.get_model("reviews", "Review")
    ReportDay = apps.get_model("reviews", "ReportDay")
    ReportOutcomes = apps.get_model("reviews", "ReportOutcomes")

    paired = Q(practitioner_rating__isnull=False)
    counts = {"reviews": Count("pk")}
    for name in EXPERIENCE:
        for answer in ANSWERS:
            counts[f"{name}_{answer}"] = Count("pk", filter=Q(**{name: answer}))
    for r in range(11):
        counts[f"rating_{r}"] = Count("pk", filter=Q(person_rating=r))
        counts[f"pair_person_{r}"] = Count("pk", filter=paired & Q(person_rating=r))
        counts[f"pair_practitioner_{r}"] = Count("pk", filter=Q(practitioner_rating=r))
    counts["pair_person_higher"] = Count(
        "pk", filter=paired & Q(person_rating__gt=F("practitioner_rating"))
    )
    counts["pair_same"] = Count("pk", filter=paired & Q(person_rating=F("practitioner_rating")))
    counts["pair_practitioner_higher"] = Count(
        "pk", filter=paired & Q(person_rating__lt=F("practitioner_rating"))
    )
    reviews = (
        Review.objects.filter(entered_in_error=False, outcome__person__isnull=False)
        .exclude(outcome__lifecycle_status=IN_ERROR)
        .order_by()
        .values(t=F("outcome__person__team_id"), d=F("reviewed_on"))
        .annotate(**counts)
    )
    steps = (
        Step.objects.filter(entered_in_error=False, status="done", outcome__person__isnull=False)
        .exclude(outcome__lifecycle_status=IN_ERROR)
        .order_by()
        .values(t=F("outcome__person__team_id"), d=F("done_on"))
        .annotate(**{f"steps_{who}": Count("pk", filter=Q(who=who)) for who in WHO})
    )
    outcomes = Outcome.objects.exclude(lifecycle_status=IN_ERROR).filter(person__isnull=False)
    team = Outcome.objects.filter(pk=OuterRef("id")).values("person__team_id")
    due = (
        HistoricalOutcome.objects.filter(
            id__in=outcomes.values("pk"), next_review_due__isnull=False
        )
        .order_by()
        .annotate(t=Subquery(team))
        .values("t", d=F("next_review_due"))
        .annotate(due=Count("id", distinct=True))
    )
    rows = {}
    for source in (reviews, steps, due):
        for found in source:
            rows.setdefault((found.pop("t"), found.pop("d")), {}).update(found)
    ReportDay.objects.all().delete()
    ReportDay.objects.bulk_create(
        [ReportDay(team_id=t, day=d, **found) for (t, d), found in rows.items()],
        batch_size=2000,
    )
    ReportOutcomes.objects.all().delete()
    ReportOutcomes.objects.bulk_create(
        [
            ReportOutcomes(
                team_id=t, category=c, lifecycle_status=lc, achievement_status=a, outcomes=n
            )
            for t, c, lc, a, n in outcomes.order_by()
            .values_list("person__team_id", "category", "lifecycle_status", "achievement_status")
            .annotate(n=Count("pk"))
        ],
        batch_size=2000,
    )


def empty(apps, schema_editor):
    apps.get_model("reviews", "ReportDay").objects.all().delete()
    apps.get_model("reviews", "ReportOutcomes").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0007_outcome_created_idx"),
        ("reviews", "0005_report_counts"),
    ]

    operations = [migrations.RunPython(fill, empty)]

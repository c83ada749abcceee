from django.db import migrations
from django.db.models import Count, OuterRef, Subquery


def fill(apps, schema_editor):
    """Each outcome's first and latest review not entered in error, as reviews.summaries does.

    Written out here with the historical models: a migration must not change when
    the code does.
    """
    Outcome = apps.get_model("outcomes", "Outcome")
    Review = apps.get_model("reviews", "Review")
    ReviewSummary = apps.get_model("reviews", "ReviewSummary")
    reviews = Review.objects.filter(outcome=OuterRef("pk"), entered_in_error=False)
    first = reviews.order_by("reviewed_on", "id")
    latest = reviews.order_by("-reviewed_on", "-id")
    count = reviews.order_by().values("outcome").annotate(n=Count("pk")).values("n")
    rows = (
        Outcome.objects.annotate(
            n_reviews=Subquery(count),
            s_first_reviewed_on=Subquery(first.values("reviewed_on")[:1]),
            s_first_person_rating=Subquery(first.values("person_rating")[:1]),
            s_first_practitioner_rating=Subquery(first.values("practitioner_rating")[:1]),
            s_latest_reviewed_on=Subquery(latest.values("reviewed_on")[:1]),
            s_latest_person_rating=Subquery(latest.values("person_rating")[:1]),
            s_latest_practitioner_rating=Subquery(latest.values("practitioner_rating")[:1]),
        )
        .filter(n_reviews__isnull=False)
        .order_by("pk")
    )
    ReviewSummary.objects.all().delete()
    ReviewSummary.objects.bulk_create(
        [
            ReviewSummary(
                outcome_id=o.pk,
                reviews=o.n_reviews,
                first_reviewed_on=o.s_first_reviewed_on,
                first_person_rating=o.s_first_person_rating,
                first_practitioner_rating=o.s_first_practitioner_rating,
                latest_reviewed_on=o.s_latest_reviewed_on,
                latest_person_rating=o.s_latest_person_rating,
                latest_practitioner_rating=o.s_latest_practitioner_rating,
            )
            for o in rows.iterator(chunk_size=2000)
        ],
        batch_size=2000,
    )


def empty(apps, schema_editor):
    apps.get_model("reviews", "ReviewSummary").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0004_step_service"),
        ("reviews", "0003_review_summary"),
    ]

    operations = [migrations.RunPython(fill, empty)]

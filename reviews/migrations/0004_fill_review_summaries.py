from django.db import migrations

# The same statement as reviews.summaries, written out: a migration must not change
# when the code does.
FILL = """
INSERT INTO reviews_reviewsummary (
    outcome_id, reviews, first_reviewed_on, first_person_rating, first_practitioner_rating,
    latest_reviewed_on, latest_person_rating, latest_practitioner_rating
)
SELECT r.outcome_id,
       count(*),
       (array_agg(r.reviewed_on ORDER BY r.reviewed_on, r.id))[1],
       (array_agg(r.person_rating ORDER BY r.reviewed_on, r.id))[1],
       (array_agg(r.practitioner_rating ORDER BY r.reviewed_on, r.id))[1],
       (array_agg(r.reviewed_on ORDER BY r.reviewed_on DESC, r.id DESC))[1],
       (array_agg(r.person_rating ORDER BY r.reviewed_on DESC, r.id DESC))[1],
       (array_agg(r.practitioner_rating ORDER BY r.reviewed_on DESC, r.id DESC))[1]
FROM reviews_review r
WHERE NOT r.entered_in_error
GROUP BY r.outcome_id
"""


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_review_summary")]

    operations = [
        migrations.RunSQL(FILL, reverse_sql="DELETE FROM reviews_reviewsummary"),
    ]

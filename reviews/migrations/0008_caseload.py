"""What the team at a glance counts, kept per team and key worker: the open
outcomes of open records by next review date, and the people with the day of
the latest conversation with any of them; filled from the records."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, Max


OPEN = ("proposed", "active", "on-hold")


def fill(apps, schema_editor):
    """As reviews.summaries works the rows out, with the historical models: a migration
    must not change when the code does."""
    Outcome = apps.get_model("outcomes", "Outcome")
    Person = apps.get_model("people", "Person")
    CaseloadOutcomes = apps.get_model("reviews", "CaseloadOutcomes")
    CaseloadPeople = apps.get_model("reviews", "CaseloadPeople")
    outcomes = (
        Outcome.objects.filter(
            lifecycle_status__in=OPEN, person__isnull=False, person__closed_on__isnull=True
        )
        .order_by()
        .values_list("person__team_id", "person__key_worker_id", "next_review_due")
        .annotate(n=Count("pk"))
    )
    CaseloadOutcomes.objects.bulk_create(
        [
            CaseloadOutcomes(team_id=t, key_worker_id=k, due=d, outcomes=n)
            for t, k, d, n in outcomes
        ],
        batch_size=2000,
    )
    people = (
        Person.objects.order_by()
        .values_list("team_id", "key_worker_id")
        .annotate(n=Count("pk"), last=Max("last_conversation__held_on"))
    )
    CaseloadPeople.objects.bulk_create(
        [
            CaseloadPeople(team_id=t, key_worker_id=k, people=n, last_conversation=last)
            for t, k, n, last in people
        ],
        batch_size=2000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0005_delegated_access'),
        ('reviews', '0007_report_distance'),
        ('outcomes', '0008_step_done_on_index'),
        ('conversations', '0007_fill_last_conversations'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CaseloadOutcomes',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('due', models.DateField(null=True)),
                ('outcomes', models.PositiveIntegerField()),
                ('key_worker', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('team', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.team')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('team', 'key_worker', 'due'), name='caseload_outcomes_unique')],
            },
        ),
        migrations.CreateModel(
            name='CaseloadPeople',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('people', models.PositiveIntegerField()),
                ('last_conversation', models.DateField(null=True)),
                ('key_worker', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('team', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.team')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('team', 'key_worker'), name='caseload_people_unique')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]

"""The kind of each access (page, download, bulk page, bulk download), and bulk rows.

A bulk row names no person: it records the team a report or download covered and
how many of its people were in it. Every operation here is a change of the
table's definition; no row is updated, so the append-only trigger of 0002 is
never asked. Rows written before this migration are all of kind "page" (a
download of all of a person's data among them still says so in its page code).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only_trigger'),
        ('people', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='recordaccess',
            name='kind',
            field=models.CharField(choices=[('page', 'Page'), ('export', 'Download'), ('bulk_page', 'Page naming several people'), ('bulk_export', 'Download naming several people')], default='page', max_length=20, verbose_name='kind of access'),
        ),
        migrations.AddField(
            model_name='recordaccess',
            name='people_count',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='people in it'),
        ),
        migrations.AddField(
            model_name='recordaccess',
            name='team',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='bulk_accesses', to='people.team', verbose_name='team covered'),
        ),
        migrations.AlterField(
            model_name='recordaccess',
            name='person',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='record_accesses', to='people.person', verbose_name='whose record'),
        ),
        migrations.AddIndex(
            model_name='recordaccess',
            index=models.Index(fields=['team', '-accessed_at'], name='access_team_when_idx'),
        ),
        migrations.AddConstraint(
            model_name='recordaccess',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind__in', ['page', 'export']), ('people_count__isnull', True), ('person__isnull', False), ('team__isnull', True)), models.Q(('kind__in', ['bulk_page', 'bulk_export']), ('people_count__isnull', False), ('person__isnull', True), ('team__isnull', False)), _connector='OR'), name='access_one_person_or_bulk', violation_error_message='A look at one record names its person; a bulk look names a team and how many people were in it.'),
        ),
    ]

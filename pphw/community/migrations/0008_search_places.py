"""The places a search by area or by distance reads: each place of a service with its
postcode district, its coordinates and its service's words, so that the area or
the coordinates and the words are matched in one narrow table (its district and
box indexes and, on PostgreSQL, its full-text index, written directly rather
than through a pending list, as the service's own), then filled from the
directory."""

import django.db.models.deletion
import pphw.community.models
from django.db import migrations, models


INDEX = (
    "CREATE INDEX IF NOT EXISTS place_words_gin ON community_searchplace "
    "USING gin (words) WITH (fastupdate = off)"
)
FILL = (
    "INSERT INTO community_searchplace "
    "(location_id, service_id, district, latitude, longitude, words) "
    "SELECT l.id, l.service_id, l.district, l.latitude, l.longitude, {words} "
    "FROM community_location l JOIN community_service s ON s.id = l.service_id"
)


def index_and_fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)
        schema_editor.execute(FILL.format(words="to_tsvector('english'::regconfig, s.search_document)"))
    else:
        schema_editor.execute(FILL.format(words="s.search_document"))


def empty(apps, schema_editor):
    schema_editor.execute("DELETE FROM community_searchplace")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS place_words_gin")


class Migration(migrations.Migration):

    dependencies = [
        ('community', '0007_fill_category_counts'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchPlace',
            fields=[
                ('location', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='community.location')),
                ('district', models.CharField(blank=True, max_length=4)),
                ('latitude', models.DecimalField(decimal_places=6, max_digits=9, null=True)),
                ('longitude', models.DecimalField(decimal_places=6, max_digits=9, null=True)),
                ('words', pphw.community.models.WordsField(blank=True)),
                ('service', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='search_places', to='community.service')),
            ],
            options={
                'indexes': [models.Index(fields=['district'], name='place_district_idx'), models.Index(fields=['latitude', 'longitude'], name='place_coordinates_idx')],
            },
        ),
        migrations.RunPython(index_and_fill, empty),
    ]

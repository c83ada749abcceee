from collections import Counter

from django.db import migrations


def fill(apps, schema_editor):
    """How many confirmed, open services list each category, as pphw.community.counts does.

    Written out here with the historical models: a migration must not change when
    the code does.
    """
    Service = apps.get_model("community", "Service")
    CategoryCount = apps.get_model("community", "CategoryCount")
    counts = Counter()
    linkable = Service.objects.filter(status="open", confirmed=True)
    for categories in linkable.values_list("categories", flat=True).iterator(chunk_size=5000):
        counts.update(set(categories.split()))
    CategoryCount.objects.all().delete()
    CategoryCount.objects.bulk_create(
        [CategoryCount(category=code, services=n) for code, n in sorted(counts.items())]
    )


def empty(apps, schema_editor):
    apps.get_model("community", "CategoryCount").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("community", "0006_category_count")]

    operations = [migrations.RunPython(fill, empty)]

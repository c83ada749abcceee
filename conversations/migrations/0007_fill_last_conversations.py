from django.db import migrations
from django.db.models import Max


def fill(apps, schema_editor):
    """Each person's latest conversation not entered in error, as conversations.summaries does.

    Written out here with the historical models: a migration must not change when
    the code does.
    """
    Conversation = apps.get_model("conversations", "Conversation")
    LastConversation = apps.get_model("conversations", "LastConversation")
    rows = (
        Conversation.objects.filter(entered_in_error=False, person__isnull=False)
        .order_by()
        .values_list("person_id")
        .annotate(last=Max("held_on"))
    )
    LastConversation.objects.all().delete()
    LastConversation.objects.bulk_create(
        [LastConversation(person_id=pk, held_on=held_on) for pk, held_on in rows],
        batch_size=2000,
    )


def empty(apps, schema_editor):
    apps.get_model("conversations", "LastConversation").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("conversations", "0006_last_conversation")]

    operations = [migrations.RunPython(fill, empty)]

"""The count of linkable services per category, kept in step with the directory.

Every service that adds or changes a service calls ``category_counts_change`` with
what the service was before and is after (whether it is linkable, and its
categories), in the same transaction: the counts of the categories it gained or
lost as a linkable service move by one. ``category_counts_rebuild`` works every
count out again from the services (``manage.py rebuild_category_counts``), and
``category_counts_differences`` says where they disagree.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import F

from pphw.community.models import CategoryCount, Service

# What counts of a service: (whether it is linkable, its categories as stored).
Shape = tuple[bool, str]


def shape_of(service: Service) -> Shape:
    """The service as the counts see it (from the instance in memory)."""
    return (service.status == Service.Status.OPEN and service.confirmed, service.categories)


def stored_shape(service_pk: int) -> Shape | None:
    """The service as it is in the database, its row locked until the transaction ends."""
    row = (
        Service.objects.select_for_update()
        .filter(pk=service_pk)
        .values_list("status", "confirmed", "categories")
        .first()
    )
    if row is None:
        return None
    status, confirmed, categories = row
    return (status == Service.Status.OPEN and confirmed, categories)


def _codes(shape: Shape | None) -> set[str]:
    if shape is None or not shape[0]:
        return set()
    return set(shape[1].split())


def category_counts_change(before: Shape | None, after: Shape | None) -> None:
    """Move the counts from a service's shape ``before`` (None: new) to ``after`` (None: gone)."""
    was, now = _codes(before), _codes(after)
    gained, lost = sorted(now - was), sorted(was - now)
    if gained:
        CategoryCount.objects.bulk_create(
            [CategoryCount(category=code) for code in gained], ignore_conflicts=True
        )
        CategoryCount.objects.filter(category__in=gained).update(services=F("services") + 1)
    if lost:
        CategoryCount.objects.filter(category__in=lost).update(services=F("services") - 1)


def _computed() -> dict[str, int]:
    counts: Counter[str] = Counter()
    for categories in (
        Service.objects.linkable().values_list("categories", flat=True).iterator(chunk_size=5000)
    ):
        counts.update(set(categories.split()))
    return dict(counts)


def category_counts_rebuild() -> int:
    """Work every count out again from the services; the categories counted."""
    computed = _computed()
    CategoryCount.objects.all().delete()
    CategoryCount.objects.bulk_create(
        [CategoryCount(category=code, services=n) for code, n in sorted(computed.items())]
    )
    return len(computed)


def category_counts_differences() -> list[tuple[str, int, int]]:
    """(category, count kept, count from the services) wherever they differ."""
    computed = _computed()
    kept = dict(CategoryCount.objects.filter(services__gt=0).values_list("category", "services"))
    return [
        (code, kept.get(code, 0), computed.get(code, 0))
        for code in sorted(set(kept) | set(computed))
        if kept.get(code, 0) != computed.get(code, 0)
    ]


def linkable_services_by_category(codes: list[str]) -> dict[str, int]:
    """How many linkable services list each of ``codes`` (0 for none): one query."""
    kept = dict(
        CategoryCount.objects.filter(category__in=codes).values_list("category", "services")
    )
    return {code: kept.get(code, 0) for code in codes}

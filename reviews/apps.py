from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self) -> None:
        # The report's count rows follow every write the services announce.
        from pphw.people.signals import (
            care_records_changed,
            caseload_changed,
            record_shown_changed,
        )
        from reviews.summaries import (
            on_care_records_changed,
            on_caseload_changed,
            on_record_shown_changed,
        )

        care_records_changed.connect(on_care_records_changed, dispatch_uid="reviews.counts")
        caseload_changed.connect(on_caseload_changed, dispatch_uid="reviews.caseload")
        record_shown_changed.connect(on_record_shown_changed, dispatch_uid="reviews.versions")

"""Signals the services send inside their transaction, for figures kept from the records.

``care_records_changed`` is sent by a service that wrote something the team
lead's report counts (an outcome, a small step, a review, or the team of a
person with outcomes), before its transaction ends, so that the report's summary
rows (``reviews.summaries``) change with the records or not at all. The apps
that send it sit below the one that keeps the rows, so they name what changed
rather than call it. Arguments, all optional:

- ``outcome_ids``: the outcomes written;
- ``person_ids``: people all of whose outcomes are concerned (a move to another team);
- ``team_ids``: teams the records were counted under before the write;
- ``days``: the only days whose counts the write can change (all the outcomes'
  days when not given);
- ``outcomes``: whether the outcomes' category or status may have changed.

``caseload_changed`` is sent by a service that wrote something the team at a
glance counts outside the outcomes: a person (added, their key worker or team
changed, closed, reopened) or a conversation (the day of a person's latest one).
Argument: ``team_ids``, every team the write concerns, before and after.

``record_shown_changed`` is sent by a service that changed what the team lead's
report shows of a record but nothing it counts: a person's details (their name,
in the people to follow up) or the words of an outcome (in the outcomes overdue).
The report keeps what it shows under a version per team that this raises.
Argument: ``team_ids``, the teams of the records.
"""

from django.dispatch import Signal

care_records_changed = Signal()
caseload_changed = Signal()
record_shown_changed = Signal()

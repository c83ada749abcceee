import datetime

import pytest

from reviews.report import FEWER_THAN_5, HIDDEN, Report, csv_rows, safe_cell
from tests.reviews.report_data import FROM, TO, TODAY, build, filters


@pytest.fixture
def data(team, other_team, practitioner, person):
    return build(team, other_team, practitioner, person)


def rows(report, name):
    return {row[0]: row[1:] for row in report.table(name).rows}


def test_it_hides_counts_of_one_to_four_and_shows_zero(team, data):
    report = Report(filters(team, category="group:change"))
    distance = rows(report, "distance")
    assert distance["Improved"] == [FEWER_THAN_5, FEWER_THAN_5]
    assert distance["Worse"] == [0, FEWER_THAN_5]


def test_it_counts_reviews_completed_due_and_overdue(team, data):
    report = Report(filters(team), today=TODAY)
    assert report.review_figures["completed"] == 10
    assert report.due_in_period == 3
    assert report.overdue_count == 3
    assert rows(report, "reviews") == {
        "Reviews completed in the period": [10],
        "Reviews due in the period": [FEWER_THAN_5],
        "Outcomes overdue for review now": [FEWER_THAN_5],
    }
    overdue, more = report.overdue_list()
    assert [o.statement for o in overdue] == ["Outcome o9", "Outcome o5", "Outcome o8"]
    assert not more


def test_it_includes_reviews_on_both_edges_of_the_period(team, data):
    assert (
        Report(filters(team, date_from=FROM + datetime.timedelta(days=1))).review_figures[
            "completed"
        ]
        == 9
    )
    assert (
        Report(filters(team, date_to=TO - datetime.timedelta(days=1))).review_figures["completed"]
        == 9
    )
    one_day = filters(team, date_from=TO, date_to=TO)
    assert Report(one_day).review_figures["completed"] == 1


def test_it_works_out_distance_travelled(team, data):
    report = Report(filters(team), today=TODAY)
    assert sorted(report.distance_changes) == [-1, 0, 1, 2, 2, 2, 3, 4]
    assert report.distance_figures == {
        "no_baseline": 1,
        "not_reviewed": 2,
        "improved": 6,
        "same": 1,
        "worse": 1,
    }
    # Included (8) beside Improved (6) and two counts of 1 to 4 is hidden, and with it
    # the median and the share drawn from it.
    assert rows(report, "distance") == {
        "Included: a starting rating and a review in the period": [HIDDEN, ""],
        "Median change in the person's rating (0–10 scale)": [HIDDEN, ""],
        "Improved": [6, HIDDEN],
        "Stayed the same": [FEWER_THAN_5, FEWER_THAN_5],
        "Worse": [FEWER_THAN_5, FEWER_THAN_5],
        "Left out: no starting rating": [FEWER_THAN_5, ""],
        "Left out: not reviewed in the period": [FEWER_THAN_5, ""],
    }


def test_it_leaves_out_outcomes_whose_review_falls_outside_the_period(team, data):
    report = Report(filters(team, date_to=TO - datetime.timedelta(days=1)))
    assert report.distance_figures["not_reviewed"] == 3
    assert sorted(report.distance_changes) == [-1, 0, 1, 2, 2, 3, 4]
    assert rows(report, "distance")["Median change in the person's rating (0–10 scale)"] == [
        HIDDEN,
        "",
    ]


def test_it_uses_the_latest_review_in_the_period(team, data):
    # o1's reviews: 9, then 6, then 0 after the period. Over the whole period the 6
    # counts (+3); in a period ending before the 6, the 9 does (+6).
    assert 3 in Report(filters(team)).distance_changes
    early = Report(filters(team, date_to=FROM + datetime.timedelta(days=15)))
    assert sorted(early.distance_changes) == [1, 6]


def test_it_hides_a_median_of_fewer_than_five(team, data):
    report = Report(filters(team, category="group:change"))
    assert report.distance_changes == [2, 2]
    assert rows(report, "distance")["Median change in the person's rating (0–10 scale)"] == [
        FEWER_THAN_5,
        "",
    ]


def test_it_counts_outcomes_by_category(team, data):
    report = Report(filters(team))
    assert report.table("categories").rows == [
        ["Quality of life", "All in this group", 8],
        ["Quality of life", "Feeling safe", FEWER_THAN_5],
        ["Quality of life", "Staying as well as you can", HIDDEN],
        ["Process (how support is experienced)", "All in this group", FEWER_THAN_5],
        ["Process (how support is experienced)", "Listened to", FEWER_THAN_5],
        ["Change", "All in this group", FEWER_THAN_5],
        ["Change", "Improved confidence or morale", FEWER_THAN_5],
    ]


def test_it_counts_outcomes_by_status_and_progress(team, data):
    report = Report(filters(team))
    assert rows(report, "lifecycle") == {"Active": [10], "Completed": [FEWER_THAN_5]}
    assert rows(report, "achievement") == {"In progress": [10], "Improving": [FEWER_THAN_5]}


def test_it_shares_how_people_experience_support(team, data):
    report = Report(filters(team))
    experience = rows(report, "experience")
    # Answers 8 = Yes 5 + Partly 3 + No 0 would give Partly away: Yes and Answers go too.
    assert experience["Listened to"] == [HIDDEN, HIDDEN, FEWER_THAN_5, 0, HIDDEN]
    assert experience["Having a say"] == [0, 0, 0, 0, "–"]


def test_it_counts_steps_done_by_who_did_them(team, data):
    report = Report(filters(team))
    assert rows(report, "steps") == {
        "The person": [5],
        "Family or carer": [FEWER_THAN_5],
        "Practitioner": [0],
        "Community or third sector": [FEWER_THAN_5],
        "Other": [0],
        "All": [8],
    }


def test_it_picks_recent_narratives_newest_first(team, data):
    narratives = Report(filters(team)).narratives()
    assert len(narratives) == 5
    assert narratives[0].what_changed == "The newest story"
    dates = [r.reviewed_on for r in narratives]
    assert dates == sorted(dates, reverse=True)
    assert all(FROM <= d <= TO for d in dates)


def test_it_narrows_to_a_key_worker(team, data, practitioner):
    report = Report(filters(team, practitioner_id=practitioner.pk))
    assert sorted(report.distance_changes) == [-1, 0, 1, 2, 3, 4]
    assert report.review_figures["completed"] == 8


def test_it_narrows_to_a_category(team, data):
    report = Report(filters(team, category="staying_well"))
    assert sorted(report.distance_changes) == [-1, 0, 1, 2, 3, 4]
    assert report.table("categories").rows == [
        ["Quality of life", "All in this group", HIDDEN],
        ["Quality of life", "Staying as well as you can", HIDDEN],
    ]


def test_it_neutralises_spreadsheet_formulas():
    for dangerous in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(dangerous) == "'" + dangerous
    assert safe_cell("Fine") == "Fine"
    assert safe_cell(-1) == -1


def test_it_writes_the_overdue_list_with_every_outcome(team, data):
    overdue = list(csv_rows(Report(filters(team), today=TODAY).table("overdue")))
    assert overdue[0][0] == "Person"
    assert [row[2] for row in overdue[1:]] == ["Outcome o9", "Outcome o5", "Outcome o8"]
    assert overdue[3][4] == 5

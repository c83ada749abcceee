"""Disclosure control: no hidden count can be worked out from what a summary publishes.

The property test builds random tables with their margins, linked to each other
through a shared (unpublished) total and through "at least" relations, as the
report's tables are. For each hidden count it takes the second solution that
``check`` offers and verifies it against the published figures alone: it
satisfies every published equation and every label, and gives the hidden count
another value than its true one. So the count is not determined by what is shown.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviews.disclosure import (
    PRIMARY,
    SECONDARY,
    SHOWN,
    THRESHOLD,
    WITHHELD,
    System,
    check,
    protect,
    protect_with_proofs,
)

# Thousands of data sets in CI, a few hundred with HYPOTHESIS_PROFILE=quick.
EXAMPLES = 200 if os.environ.get("HYPOTHESIS_PROFILE") == "quick" else 2000


def assert_nothing_recoverable(system: System, status: dict, proofs: dict | None = None) -> None:
    values = system.values
    for key, state in status.items():
        if 0 < values[key] < THRESHOLD:
            assert state != SHOWN, f"{key} = {values[key]} is shown"
        if state == SHOWN:
            continue
        if state == PRIMARY:
            assert 0 < values[key] < THRESHOLD
        if state == SECONDARY:
            assert values[key] >= THRESHOLD
    secrets = [k for k in system.unpublished if 0 < values[k] < THRESHOLD]
    witnesses = check(system, status, proofs=proofs)
    for key in secrets:
        from reviews.disclosure import Attack, _cap

        published = {k: values[k] for k, s in status.items() if s == SHOWN}
        attack = Attack(system.equations, status, published, values, cap=_cap(system), guide=values)
        witnesses[key] = attack.alternative(key, values[key]) or (proofs or {}).get(key)
    for key, witness in witnesses.items():
        if status.get(key) == WITHHELD:
            continue
        assert witness is not None, f"{key} = {values[key]} can be worked out"
        assert_is_a_solution(system, status, witness)
        assert witness[key] != values[key]


def assert_is_a_solution(system: System, status: dict, witness: dict) -> None:
    """``witness`` (the unknowns) and the shown values satisfy everything published."""

    def value(key):
        if status.get(key) == SHOWN:
            return system.values[key]
        return witness.get(key, system.values[key])

    for key, state in status.items():
        if state == PRIMARY:
            assert 1 <= value(key) < THRESHOLD
        elif state == SECONDARY:
            assert value(key) >= THRESHOLD
        assert value(key) >= 0
    for key in system.unpublished:
        assert value(key) >= 0
    for left, right in system.equations:
        assert sum(value(k) for k in left) == sum(value(k) for k in right)


# --- the examples: each value that could be worked out now cannot --------------


def test_it_hides_a_second_answer_beside_a_small_one():
    # Answers 26, Yes 18, Partly 6, No "fewer than 5" gave No = 2.
    system = System()
    for key, value in {"answers": 26, "yes": 18, "partly": 6, "no": 2}.items():
        system.cell(key, value)
    system.total("answers", ["yes", "partly", "no"])
    status = protect(system)
    assert status == {"answers": SHOWN, "yes": SHOWN, "partly": SECONDARY, "no": PRIMARY}
    assert_nothing_recoverable(system, status)
    # The reader is left with No from 1 to 3 and Partly from 5 to 7.
    witnesses = check(system, status)
    assert {witnesses["no"]["no"], 2} <= {1, 2, 3}


def test_it_links_group_totals_to_the_status_total():
    # Group totals 10 + 7 + 7 = 24 beside "Active 23" gave Completed = 1.
    system = System()
    system.cell("outcomes", 24, published=False)
    for key, value in {"g1": 10, "g2": 7, "g3": 7, "active": 23, "completed": 1}.items():
        system.cell(key, value)
    system.total("outcomes", ["g1", "g2", "g3"])
    system.total("outcomes", ["active", "completed"])
    status = protect(system)
    assert status["completed"] == PRIMARY
    assert status["active"] == SECONDARY
    assert_nothing_recoverable(system, status)


def test_it_hides_what_is_left_over_from_included_and_improved():
    # "Included 24, Improved 23" left 1 over for Same and Worse together.
    system = System()
    for key, value in {"included": 24, "improved": 23, "same": 0, "worse": 1}.items():
        system.cell(key, value)
    system.total("included", ["improved", "same", "worse"])
    status = protect(system)
    assert status["worse"] == PRIMARY
    assert status["same"] == SHOWN  # a true zero is shown
    assert SECONDARY in (status["included"], status["improved"])
    assert_nothing_recoverable(system, status)


def test_it_hides_enough_when_two_small_counts_would_pin_each_other():
    # 6 = a + b + 4 with a, b "fewer than 5" would give a = b = 1: 4 must go too.
    system = System()
    for key, value in {"all": 6, "a": 1, "b": 1, "c": 4, "d": 0}.items():
        system.cell(key, value)
    system.total("all", ["a", "b", "c", "d"])
    status = protect(system)
    assert_nothing_recoverable(system, status)


def test_it_keeps_a_small_unpublished_total_from_being_worked_out():
    system = System()
    system.cell("n", 3, published=False)
    system.cell("x", 3)
    system.cell("y", 0)
    system.total("n", ["x", "y"])
    status = protect(system)
    assert status == {"x": PRIMARY, "y": SHOWN}
    assert_nothing_recoverable(system, status)


def test_it_shows_large_counts_as_they_are():
    system = System()
    for key, value in {"all": 30, "a": 10, "b": 20}.items():
        system.cell(key, value)
    system.total("all", ["a", "b"])
    assert set(protect(system).values()) == {SHOWN}


def test_it_refuses_figures_that_do_not_add_up():
    system = System()
    system.cell("all", 3)
    system.cell("a", 2)
    try:
        system.total("all", ["a"])
    except ValueError as error:
        assert "do not add up" in str(error)
    else:
        raise AssertionError("accepted 3 = 2")


# --- the property: thousands of random tables with their margins ------------------------

counts = st.one_of(st.integers(0, 6), st.integers(0, 30))


@st.composite
def linked_tables(draw) -> System:
    """A cross-table with its margins, a second breakdown of the same grand total and a
    "some of them" count, as the report's tables link to each other."""
    rows, cols = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    grid = [[draw(counts) for _ in range(cols)] for _ in range(rows)]
    system = System()
    for r in range(rows):
        for c in range(cols):
            system.cell(("cell", r, c), grid[r][c])
    for r in range(rows):
        system.cell(("row", r), sum(grid[r]))
        system.total(("row", r), [("cell", r, c) for c in range(cols)])
    for c in range(cols):
        system.cell(("col", c), sum(grid[r][c] for r in range(rows)))
        system.total(("col", c), [("cell", r, c) for r in range(rows)])
    grand = sum(map(sum, grid))
    published_grand = draw(st.booleans())
    system.cell("grand", grand, published=published_grand)
    system.total("grand", [("row", r) for r in range(rows)])
    # A second breakdown of the same total (as categories, status and progress are).
    parts = draw(st.integers(1, 4))
    cuts = sorted(draw(st.integers(0, grand)) for _ in range(parts - 1))
    bounds = [0, *cuts, grand]
    for i in range(parts):
        system.cell(("other", i), bounds[i + 1] - bounds[i])
    system.total("grand", [("other", i) for i in range(parts)])
    # Some of the first row answered a question (as feedback at reviews is).
    first = sum(grid[0])
    some = draw(st.integers(0, first))
    yes = draw(st.integers(0, some))
    system.cell("some", some)
    system.cell("some_yes", yes)
    system.cell("some_no", some - yes)
    system.total("some", ["some_yes", "some_no"])
    system.at_least(("row", 0), ["some"], slack="no_answer")
    return system


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
@given(linked_tables())
def test_no_hidden_count_can_be_worked_out(system):
    status, proofs = protect_with_proofs(system)
    assert status == protect(system)
    assert_nothing_recoverable(system, status, proofs)

"""Disclosure control for the counts of a summary that may be shared.

Pure Python, no database: a summary is a set of *cells* (counts, each with a key)
and of *equations* between them (a total is the sum of its parts; a count is
at least another, written with a hidden slack). ``protect`` decides which cells
to hide:

1. **Primary suppression**: every count from 1 to 4 is hidden ("fewer than 5").
   A true zero is shown: a row with none points to no one.
2. **Secondary suppression**: while an equation has exactly one unknown cell,
   the smallest non-zero count shown in it is hidden too ("hidden"), so that
   no hidden count is the difference of others.
3. **Audit**: each hidden count is then attacked as a reader would, knowing
   every published count, every equation, that a count "fewer than 5" is 1 to 4,
   that a count "hidden" is at least 5 (only such counts are chosen) and that no
   count is negative. If some integer solution gives a hidden count another value
   than its true one, the count cannot be worked out; if none does, one more count
   of an equation it is in is hidden and the audit runs again.

The attack is an exact integer search (bounds propagation and splitting), so a
count is called safe only with a second solution in hand: ``alternative`` returns
it, and the tests check it against the published figures.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

THRESHOLD = 5
SHOWN = "shown"
PRIMARY = "primary"  # 1 to THRESHOLD - 1: shown as "fewer than 5"
SECONDARY = "secondary"  # THRESHOLD or more, hidden so that a small count stays hidden
WITHHELD = "withheld"  # any value, zero included: the last resort of a whole group
SEARCH_BUDGET = 150
PROPAGATION_ROUNDS = 25  # passes of narrowing per search node, at most

Key = Hashable


@dataclass
class System:
    """Cells and the equations that link them: ``sum(left) == sum(right)`` each."""

    values: dict[Key, int] = field(default_factory=dict)
    unpublished: set[Key] = field(default_factory=set)
    equations: list[tuple[tuple[Key, ...], tuple[Key, ...]]] = field(default_factory=list)

    def cell(self, key: Key, value: int, *, published: bool = True) -> Key:
        if value < 0:
            raise ValueError(f"A count cannot be negative: {key!r} = {value}")
        if key in self.values and self.values[key] != value:
            raise ValueError(f"{key!r} is already {self.values[key]}, not {value}")
        self.values[key] = value
        if not published:
            self.unpublished.add(key)
        return key

    def total(self, total: Key, parts: Iterable[Key]) -> None:
        """``total`` is the sum of ``parts`` (all of them cells already)."""
        self.equal((total,), tuple(parts))

    def at_least(self, larger: Key, smaller: Iterable[Key], *, slack: Key) -> None:
        """``larger >= sum(smaller)``, written as an equation with an unpublished slack."""
        smaller = tuple(smaller)
        rest = self.values[larger] - sum(self.values[k] for k in smaller)
        self.cell(slack, rest, published=False)
        self.total(larger, (*smaller, slack))

    def equal(self, left: tuple[Key, ...], right: tuple[Key, ...]) -> None:
        for key in (*left, *right):
            if key not in self.values:
                raise KeyError(f"No cell {key!r}")
        if sum(self.values[k] for k in left) != sum(self.values[k] for k in right):
            raise ValueError(f"The figures do not add up: {left!r} = {right!r}")
        self.equations.append((left, right))


# --- the reader's view: what the published figures allow -------------------------------


def _model_bounds(status: str | None, value: int, cap: int, threshold: int) -> tuple[int, int]:
    if status is None:  # unpublished
        return 0, cap
    if status == SHOWN:
        return value, value
    if status == PRIMARY:
        return 1, threshold - 1
    if status == SECONDARY:
        return threshold, cap
    return 0, cap


class Attack:
    """The integer solutions of the published figures, as a reader may search them.

    ``statuses`` maps each published key to its status; keys absent from it are
    unpublished unknowns. ``published`` gives the shown values (only those are read).
    """

    def __init__(
        self,
        equations: list[tuple[tuple[Key, ...], tuple[Key, ...]]],
        statuses: dict[Key, str],
        published: dict[Key, int],
        keys: Iterable[Key],
        *,
        cap: int,
        threshold: int = THRESHOLD,
        guide: dict[Key, int] | None = None,
    ):
        self.threshold = threshold
        # Where to look first (the true figures, when the one asking has them); any
        # solution found is checked against the constraints, wherever it came from.
        self.guide = guide or {}
        self.lo: dict[Key, int] = {}
        self.hi: dict[Key, int] = {}
        for key in keys:
            status = statuses.get(key)
            value = published.get(key, 0) if status == SHOWN else 0
            self.lo[key], self.hi[key] = _model_bounds(status, value, cap, threshold)
        self.constraints: list[tuple[dict[Key, int], int]] = []
        self.touching: dict[Key, list[int]] = {}
        for left, right in equations:
            terms: dict[Key, int] = {}
            for key in left:
                terms[key] = terms.get(key, 0) + 1
            for key in right:
                terms[key] = terms.get(key, 0) - 1
            const = 0
            unknown: dict[Key, int] = {}
            for key, coeff in terms.items():
                if coeff == 0:
                    continue
                if self.lo[key] == self.hi[key]:
                    const -= coeff * self.lo[key]
                else:
                    unknown[key] = coeff
            index = len(self.constraints)
            self.constraints.append((unknown, const))
            for key in unknown:
                self.touching.setdefault(key, []).append(index)

    def component(self, key: Key) -> tuple[set[Key], list[int]]:
        """The unknowns and constraints linked to ``key``."""
        keys, seen, todo = {key}, set(), [key]
        while todo:
            for index in self.touching.get(todo.pop(), ()):
                if index in seen:
                    continue
                seen.add(index)
                for other in self.constraints[index][0]:
                    if other not in keys:
                        keys.add(other)
                        todo.append(other)
        return keys, sorted(seen)

    def alternative(self, key: Key, value: int) -> dict[Key, int] | None:
        """An integer solution in which ``key`` is not ``value``, or None if the search finds none.

        None also when the search gives up (``SEARCH_BUDGET``): the caller then treats
        the count as found out, which is the safe side.
        """
        keys, constraints = self.component(key)
        if self.lo[key] == self.hi[key]:
            return None
        lo = {k: self.lo[k] for k in keys}
        hi = {k: self.hi[k] for k in keys}
        guide = self.guide
        # The solutions' values of one count form a run of whole numbers in tables of sums
        # like these, so if a second solution exists, one has a neighbour of the true value.
        for low, high in ((value + 1, value + 1), (value - 1, value - 1)):
            low, high = max(low, lo[key]), min(high, hi[key])
            if low > high:
                continue
            branch_lo, branch_hi = dict(lo), dict(hi)
            branch_lo[key], branch_hi[key] = low, high
            found = self._search(branch_lo, branch_hi, constraints, [SEARCH_BUDGET], guide)
            if found is not None:
                return found
        return None

    def _search(self, lo, hi, constraints, budget, guide, moved=None) -> dict[Key, int] | None:
        """Depth first, trying each count at the guide's value first, then below, then above."""
        budget[0] -= 1
        start = None if moved is None else self.touching.get(moved, ())
        if budget[0] < 0 or not self._propagate(lo, hi, constraints, start):
            return None
        free = [k for k in lo if lo[k] < hi[k]]
        if not free:
            return dict(lo) if self._holds(lo, constraints) else None
        key = min(free, key=lambda k: hi[k] - lo[k])
        near = min(max(guide.get(key, lo[key]), lo[key]), hi[key])
        for low, high in ((near, near), (lo[key], near - 1), (near + 1, hi[key])):
            if low > high:
                continue
            branch_lo, branch_hi = dict(lo), dict(hi)
            branch_lo[key], branch_hi[key] = low, high
            found = self._search(branch_lo, branch_hi, constraints, budget, guide, key)
            if found is not None:
                return found
        return None

    def _holds(self, values, constraints) -> bool:
        return all(
            sum(c * values[k] for k, c in self.constraints[i][0].items()) == self.constraints[i][1]
            for i in constraints
        )

    def _propagate(self, lo, hi, constraints, start=None) -> bool:
        """Narrow the bounds; False if no solution is left.

        A worklist: only the equations of a count whose bounds moved are looked at
        again. It stops after a few passes' worth of work, as narrowing around a cycle
        of sums can creep by one at a time (the search goes on from there).
        """
        queue = list(constraints if start is None else start)
        waiting = set(queue)
        work = PROPAGATION_ROUNDS * max(len(constraints), 1)
        while queue and work > 0:
            work -= 1
            index = queue.pop()
            waiting.discard(index)
            terms, const = self.constraints[index]
            smin = sum(c * (lo[k] if c > 0 else hi[k]) for k, c in terms.items())
            smax = sum(c * (hi[k] if c > 0 else lo[k]) for k, c in terms.items())
            if smin > const or smax < const:
                return False
            for k, c in terms.items():
                own_min = c * (lo[k] if c > 0 else hi[k])
                own_max = c * (hi[k] if c > 0 else lo[k])
                # c * k lies in [const - (smax - own_max), const - (smin - own_min)]
                low, high = const - (smax - own_max), const - (smin - own_min)
                if c > 0:
                    new_lo, new_hi = -(-low // c), high // c
                else:
                    new_lo, new_hi = -(-high // c), low // c
                if new_lo > lo[k] or new_hi < hi[k]:
                    lo[k], hi[k] = max(lo[k], new_lo), min(hi[k], new_hi)
                    if lo[k] > hi[k]:
                        return False
                    for other in self.touching.get(k, ()):
                        if other != index and other not in waiting:
                            waiting.add(other)
                            queue.append(other)
        return True


# --- deciding what to hide ---------------------------------------------------------------


def _cap(system: System) -> int:
    # Searching below a cap only finds real solutions; twice the data and some is room enough.
    return 2 * sum(system.values.values()) + 10 * THRESHOLD


def protect(system: System, *, threshold: int = THRESHOLD) -> dict[Key, str]:
    """The status of each published cell: ``SHOWN``, ``PRIMARY``, ``SECONDARY`` or ``WITHHELD``."""
    return protect_with_proofs(system, threshold=threshold)[0]


def protect_with_proofs(
    system: System, *, threshold: int = THRESHOLD
) -> tuple[dict[Key, str], dict[Key, dict[Key, int]]]:
    """The statuses, and for each hidden count the second solution that showed it safe.

    A solution found before more counts were hidden stays a solution after (the newly
    hidden counts keep their true values in it), so each proof holds for the end result.
    """
    values = system.values
    status = {
        key: (PRIMARY if 0 < value < threshold else SHOWN)
        for key, value in values.items()
        if key not in system.unpublished
    }
    by_key: dict[Key, list[int]] = {}
    for index, (left, right) in enumerate(system.equations):
        for key in {*left, *right}:
            by_key.setdefault(key, []).append(index)
    # An unpublished total of 1 to 4 must not be worked out either.
    secret_unpublished = {k for k in system.unpublished if 0 < values[k] < threshold}
    safe: dict[Key, dict[Key, int]] = {}
    cap = _cap(system)

    def hidden(key: Key) -> bool:
        return status.get(key, SECONDARY) != SHOWN  # unpublished counts as unknown

    def hide_one_of(indexes: Iterable[int]) -> bool:
        candidates = {
            key
            for index in indexes
            for key in {*system.equations[index][0], *system.equations[index][1]}
            if status.get(key) == SHOWN and values[key] > 0
        }
        if not candidates:
            return False
        chosen = min(candidates, key=lambda k: (values[k], repr(k)))
        status[chosen] = SECONDARY
        return True

    while True:
        # Rule 2: no equation with exactly one unknown of a protected cell.
        changed = True
        while changed:
            changed = False
            for index, (left, right) in enumerate(system.equations):
                unknown = [k for k in {*left, *right} if hidden(k)]
                if len(unknown) == 1 and (
                    status.get(unknown[0]) in (PRIMARY, SECONDARY)
                    or unknown[0] in secret_unpublished
                ):
                    changed |= hide_one_of([index])
        # Rule 3: the audit.
        attack = Attack(
            system.equations,
            status,
            {k: values[k] for k, s in status.items() if s == SHOWN},
            values,
            cap=cap,
            threshold=threshold,
            guide=values,
        )
        targets = [k for k in values if (status.get(k, SHOWN) != SHOWN or k in secret_unpublished)]
        found_out = None
        for key in targets:
            if key in safe or status.get(key) == WITHHELD:
                continue
            if key in system.unpublished and key not in secret_unpublished:
                continue
            witness = attack.alternative(key, values[key])
            if witness is None:
                found_out = key
                break
            for other, value in witness.items():
                if value != values[other]:
                    safe.setdefault(other, witness)
        if found_out is None:
            return status, safe
        indexes = by_key.get(found_out, [])
        if hide_one_of(indexes):
            continue
        # Everything non-zero around it is hidden already: widen to its whole group.
        keys, _ = attack.component(found_out)
        linked = [i for k in keys for i in by_key.get(k, [])]
        if hide_one_of(linked):
            continue
        for key in keys | {
            k for i in linked for k in {*system.equations[i][0], *system.equations[i][1]}
        }:
            if key in status:
                status[key] = WITHHELD
        safe[found_out] = {}


def check(
    system: System,
    status: dict[Key, str],
    *,
    threshold: int = THRESHOLD,
    proofs: dict[Key, dict[Key, int]] | None = None,
) -> dict[Key, dict[Key, int] | None]:
    """For each hidden cell, a second solution of the published figures (None: found out).

    A fresh search first; where it gives up, the proof ``protect_with_proofs`` kept.
    Either way the caller can check the solution against the published figures.

    The constraints are built only from what is published: the shown values, the
    statuses and the equations; the true values only say where to search first.
    """
    published = {k: system.values[k] for k, s in status.items() if s == SHOWN}
    attack = Attack(
        system.equations,
        status,
        published,
        system.values,
        cap=_cap(system),
        threshold=threshold,
        guide=system.values,
    )
    proofs = proofs or {}
    found = {}
    for key, state in status.items():
        if state in (PRIMARY, SECONDARY):
            found[key] = attack.alternative(key, system.values[key]) or proofs.get(key)
    return found

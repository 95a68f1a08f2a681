"""Random stratified sampling: a fair cross-section of the case pool for an audit.

What "fair" means
-----------------
For each chosen dimension on its own (age band, level of service, a flag...),
each value ("stratum") has a *quota*: with proportional allocation,
``n * pool share``; with equal allocation, ``n / values present``, capped at the
cases the pool has with that value and the excess shared equally among the
others (repeated until nothing is over its cap). A sample is balanced when,
for every dimension at once, each value's count (nominated cases included) is
within one case of its quota. Integer *targets* come from largest-remainder
rounding of the quotas (ties broken by the seeded generator); the draw aims at
them, and accepts any count within the band ``[quota - 1, quota + 1]``.

Quotas are shares of the eligible cases: the pool plus the accepted
nominations, which are part of what is being represented. A nominated case
counts towards its values and is never drawn again; a value that nominations
already fill gets no more. When the pool cannot give a balanced sample (rare
values that only occur together, conflicting equal targets, nominations over
quota), the draw gets as close as it can and ``balance`` shows the deviation of
every value.

How the draw works, and why
---------------------------
1. The pool is sorted by case reference (the list's own key, not the database
   id), so neither input order nor import order changes the result, and each
   case goes into a *cell*: its tuple of values on the chosen dimensions. The
   search works on cell counts, not on cases, so grouping is the only step whose
   cost grows with the pool (O(cases * dimensions)).
2. Each value's cost is its distance from its integer target plus a large
   penalty per case outside its band. Greedy: for each case still to draw, score
   every non-empty cell by how much one more case from it would change the total
   cost, and pick among the lowest-scoring cells with probability proportional
   to the cases left in each, so that within the constraints every case has a
   fair chance. Scores are updated incrementally (only cells sharing a changed
   value), so a step costs O(cells), not O(cases).
3. Repair: greedy can paint itself into a corner (the last rare value only
   occurs with a value that is already full). While swapping one drawn case for
   an undrawn case of another cell lowers the total cost, make such a swap: drawn
   cells in random order, each taking its best swap (ties by the generator).
   Each candidate cell's change is computed for all cells at once with ``map``.
4. If a value is still outside its band while a per-dimension lower bound says
   that might be avoidable, greedy and repair run again (a few attempts), then
   an iterated local search moves a few cases at random and repairs, keeping
   what is no worse. A budget of counted operations (not a clock, so the result
   stays reproducible) bounds this for very large, clearly unbalanceable
   problems; there the sample can end further from the best possible balance.
5. Only then are cases chosen: uniformly at random within each cell, in the
   order the cells were drawn. The algorithm cannot tell apart the cases of a
   cell, so each of them has exactly the same chance of being selected.

All randomness comes from one ``random.Random(seed)``: the same pool, seed and
choices always give the same sample, which is what lets a draw be recorded,
re-run and explained. ``random`` is the right tool for that; the seed offered
when the user gives none comes from ``secrets``.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
import random
import secrets
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from maca.cases.dimensions import Dimension, value_of
from maca.cases.dimensions import dimensions as dimension_definitions

PROPORTIONAL = "proportional"
EQUAL = "equal"
ALLOCATIONS = (PROPORTIONAL, EQUAL)
# "Within one case": |count - quota| < 1 + TOLERANCE, the tolerance absorbing float error.
TOLERANCE = 1e-9
# Cost of one case outside a value's band. Larger than any possible sum of distances from
# targets (at most 2 * size per dimension), so being in band always comes first.
_OUT_OF_BAND = 10**9
# When a value is left out of band: greedy and repair restart at most this many times,
# then up to _MAX_KICKS perturbations of _KICK_SIZE cases. Extra work stops once the search
# has done _WORK_LIMIT element operations (about half a second): counted, not timed, so a
# seed always gives the same sample.
_ATTEMPTS = 3
_MAX_KICKS = 40
_KICK_SIZE = 3
_WORK_LIMIT = 20_000_000
_BLOCKED = 10**18  # the cost of drawing from a cell with no case left


class SamplingError(ValueError):
    """A draw that cannot be made as asked, with a message to show the user;
    ``field``: the choice to change (the draw page's field), if one is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class SampleResult:
    """The outcome of a draw.

    ``selected_ids``: drawn cases in the order drawn (nominated cases not included).
    ``targets``: ``{dimension: {value: quota}}``, the quotas the draw aimed at.
    ``balance``: one list per balanced dimension of rows comparing pool and sample
    (see ``balance_table``); ``deviation`` is ``sample_count - target``.
    """

    selected_ids: list
    targets: dict[str, dict[str, float]]
    balance: list[list[dict]]

    @property
    def max_abs_deviation(self) -> float:
        """The largest gap between a value's count and its quota (0 with no dimensions)."""
        return max((abs(row["deviation"]) for rows in self.balance for row in rows), default=0.0)

    @property
    def is_balanced(self) -> bool:
        """Every value of every balanced dimension is within one case of its quota."""
        return self.max_abs_deviation < 1 + TOLERANCE


def new_seed() -> int:
    """A fresh 9-digit seed for a draw the user gave no seed for; recorded with the draw."""
    return 100_000_000 + secrets.randbelow(900_000_000)


def draw_sample(
    *,
    pool: Sequence[dict],
    size: int,
    dimensions: Sequence[str] = (),
    allocation: str = PROPORTIONAL,
    seed: int,
    on: dt.date,
    nominated: Sequence[dict] = (),
) -> SampleResult:
    """Draw ``size`` cases (accepted nominations included) from ``pool``, balanced
    on ``dimensions``. Rows have the fields of ``maca.cases.dimensions.SAMPLING_FIELDS``;
    ``on`` is the date ages are worked out at. No dimensions: a simple random sample."""
    keys = _validated(pool, size, dimensions, allocation, nominated)
    rng = random.Random(seed)  # noqa: S311 - reproducible by design; see the module docstring
    nominated_rows = _unique_by_id(nominated)
    nominated_ids = {row["id"] for row in nominated_rows}
    candidates = [row for row in _unique_by_id(pool) if row["id"] not in nominated_ids]
    to_draw = size - len(nominated_rows)
    if not keys:
        return SampleResult([row["id"] for row in rng.sample(candidates, to_draw)], {}, [])

    # Group: each candidate's tuple of values is its cell.
    groups: dict[tuple, list[dict]] = {}
    columns = [_values(candidates, key, on) for key in keys]
    for row, cell in zip(candidates, zip(*columns, strict=True), strict=True):
        groups.setdefault(cell, []).append(row)
    nominated_values = [tuple(value_of(row, key, on) for key in keys) for row in nominated_rows]

    strata = [_Stratum.build(key, d, groups, nominated_values, size, allocation, rng) for d, key in enumerate(keys)]
    # Cells numbered in a fixed order, each as its tuple of value numbers.
    indexes = [stratum.index for stratum in strata]
    coded = sorted((tuple([index[v] for index, v in zip(indexes, cell, strict=True)]), cell) for cell in groups)
    cells = [code for code, _ in coded]
    cell_keys = [cell for _, cell in coded]
    sizes = [len(groups[cell]) for cell in cell_keys]

    order = _Search(cells, sizes, to_draw, strata, rng).run() if to_draw else []

    # Choose the cases: uniformly within each cell, in drawn order.
    members = [groups[cell] for cell in cell_keys]
    selected = []
    for cell in order:
        rows = members[cell]
        pick = rng.randrange(len(rows))
        rows[pick], rows[-1] = rows[-1], rows[pick]
        selected.append(rows.pop())

    drawn_counts = [Counter(cells[cell][d] for cell in order) for d in range(len(strata))]
    balance = []
    for d, stratum in enumerate(strata):
        sample_counts = {v: stratum.nominated[i] + drawn_counts[d][i] for i, v in enumerate(stratum.values)}
        balance.append(
            _balance_rows(
                stratum.definition,
                stratum.values,
                dict(zip(stratum.values, stratum.pool_counts, strict=True)),
                sample_counts,
                size,
                stratum.quota_by_value,
            )
        )
    return SampleResult(
        selected_ids=[row["id"] for row in selected],
        targets={stratum.key: stratum.quota_by_value for stratum in strata},
        balance=balance,
    )


def balance_table(
    pool: Iterable[dict],
    sample_rows: Iterable[dict],
    dimensions: Sequence[str],
    on: dt.date,
    targets: dict[str, dict[str, float]] | None = None,
) -> list[list[dict]]:
    """Pool against sample for any dimensions (the page shows every dimension, not
    only the balanced ones). One list per dimension, one row per value present in
    the pool or the sample, in the dimension's own order:
    ``{dimension, dimension_label, value, label, pool_count, pool_share, target,
    sample_count, sample_share, deviation}``; ``target`` and ``deviation`` are
    ``None`` for a dimension ``targets`` does not cover."""
    pool = list(pool)
    sample_rows = list(sample_rows)
    known = dimension_definitions()
    unknown = [key for key in dimensions if key not in known]
    if unknown:
        raise SamplingError(_unknown_dimension_message(unknown[0]), field="dimensions")
    tables = []
    for key in dimensions:
        pool_counts = Counter(value_of(row, key, on) for row in pool)
        sample_counts = Counter(value_of(row, key, on) for row in sample_rows)
        definition = _definition(key, set(pool_counts) | set(sample_counts))
        values = _ordered(definition, set(pool_counts) | set(sample_counts))
        quotas = (targets or {}).get(key)
        tables.append(_balance_rows(definition, values, pool_counts, sample_counts, len(sample_rows), quotas))
    return tables


# Inputs ---------------------------------------------------------------------------------------------------------


def _validated(
    pool: Sequence[dict], size: int, dimensions: Sequence[str], allocation: str, nominated: Sequence[dict]
) -> list[str]:
    if allocation not in ALLOCATIONS:
        raise SamplingError("Choose proportional or equal allocation", field="allocation")
    known = dimension_definitions()
    keys = list(dict.fromkeys(dimensions))
    unknown = [key for key in keys if key not in known]
    if unknown:
        raise SamplingError(_unknown_dimension_message(unknown[0]), field="dimensions")
    if size < 1:
        raise SamplingError("Choose a sample of at least 1 case", field="size")
    nominated_ids = {row["id"] for row in nominated}
    if len(nominated_ids) > size:
        raise SamplingError(
            f"{len(nominated_ids)} nominated cases have been accepted; "
            f"choose a sample of {len(nominated_ids)} or more, or decline a nomination",
            field="size",
        )
    eligible = len(nominated_ids | {row["id"] for row in pool})
    if size > eligible:
        if eligible == 0:
            raise SamplingError("The pool has no eligible cases; change which cases are eligible")
        cases = "case" if eligible == 1 else "cases"
        if nominated_ids:
            # The accepted nominations count towards the size, but they are not
            # the pool's: "only 2 eligible cases" read as two to draw from.
            drawable, accepted = eligible - len(nominated_ids), len(nominated_ids)
            others = (
                f"{drawable:,} eligible {'case' if drawable == 1 else 'cases'}" if drawable else "no eligible cases"
            )
            nominations = f"{accepted:,} nominated {'case' if accepted == 1 else 'cases'}"
            raise SamplingError(
                f"The pool has {others} besides the {nominations} already accepted; "
                f"choose a sample of {eligible:,} or fewer",
                field="size",
            )
        raise SamplingError(
            f"The pool has only {eligible} eligible {cases}; choose a sample of {eligible} or fewer", field="size"
        )
    return keys


def _unknown_dimension_message(key: str) -> str:
    return f"‘{key}’ is not a dimension a sample can be balanced on"


def _values(rows: list[dict], key: str, on: dt.date) -> list:
    """``value_of`` for each row, one dimension at a time (the pool's only O(cases) work).
    Age bands involve date arithmetic, so each is worked out once per birth month: the
    band depends on nothing else, and a pool has a few hundred birth months at most."""
    if key != "age_band":
        return [value_of(row, key, on) for row in rows]
    bands: dict = {}
    found = []
    for row in rows:
        month = row["youngest_birth_month"]
        if month not in bands:
            bands[month] = value_of(row, key, on)
        found.append(bands[month])
    return found


def _stable_key(row: dict) -> tuple:
    """The case reference from the list first: database ids depend on the order a
    list was imported in, references do not. (Rows without one sort by id.)"""
    return (str(row.get("reference", "")), row["id"])


def _unique_by_id(rows: Iterable[dict]) -> list[dict]:
    """In a stable order, each id once: the order the caller happened to use, or
    the order the list was imported in, must not change the draw."""
    unique = {}
    for row in sorted(rows, key=_stable_key):
        unique.setdefault(row["id"], row)
    return list(unique.values())


def _definition(key: str, values: set) -> Dimension:
    """The dimension's labels; localities are whatever the pool holds."""
    localities = [value for value in values if isinstance(value, str)] if key == "locality" else []
    return dimension_definitions(localities=localities)[key]


def _ordered(definition: Dimension, present: set) -> list:
    """Values present, in the dimension's own order; values it does not list go last."""
    listed = [value for value, _ in definition.values if value in present]
    return listed + sorted(present - set(listed), key=str)


# Quotas and targets ---------------------------------------------------------------------------------------------


def _proportional_quotas(counts: list[int], size: int) -> list[float]:
    total = sum(counts)
    return [size * count / total for count in counts]


def _equal_quotas(counts: list[int], size: int) -> list[float]:
    """``size`` shared equally among the values present; a value with fewer cases than
    its share gets all of them and the rest is shared again among the others."""
    quotas = [0.0] * len(counts)
    open_values = [i for i, count in enumerate(counts) if count > 0]
    remaining = float(size)
    while open_values:
        share = remaining / len(open_values)
        capped = [i for i in open_values if counts[i] <= share + TOLERANCE]
        if not capped:
            for i in open_values:
                quotas[i] = share
            break
        for i in capped:
            quotas[i] = float(counts[i])
            remaining -= counts[i]
        open_values = [i for i in open_values if i not in capped]
    return quotas


def _largest_remainder(quotas: list[float], size: int, rng: random.Random) -> list[int]:
    """Integers summing to ``size``, each the floor or ceiling of its quota; the values with
    the largest fractions are rounded up, ties in random order."""
    floors = [math.floor(quota + TOLERANCE) for quota in quotas]
    fractions = [round(quota - floor, 9) for quota, floor in zip(quotas, floors, strict=True)]
    ranking = list(range(len(quotas)))
    rng.shuffle(ranking)
    ranking.sort(key=lambda i: -fractions[i])
    short = size - sum(floors)
    targets = list(floors)
    for i in ranking[:short]:
        targets[i] += 1
    for i in reversed(ranking):  # only if float error made the floors sum past size
        if short >= 0:
            break
        if targets[i] > 0 and fractions[i] <= 0:
            targets[i] -= 1
            short += 1
    return targets


@dataclass
class _Stratum:
    """One dimension of the draw, with its values numbered for speed."""

    key: str
    definition: Dimension
    values: list
    index: dict
    pool_counts: list[int]  # eligible cases: pool and nominated
    available: list[int]  # cases that can still be drawn
    nominated: list[int]
    quotas: list[float]
    targets: list[int]
    costs: list[list[int]]  # costs[value][count]: what having ``count`` cases of the value costs

    @property
    def quota_by_value(self) -> dict:
        return dict(zip(self.values, self.quotas, strict=True))

    @classmethod
    def build(
        cls,
        key: str,
        d: int,
        groups: dict[tuple, list[dict]],
        nominated_values: list[tuple],
        size: int,
        allocation: str,
        rng: random.Random,
    ) -> _Stratum:
        available_by_value: Counter = Counter()
        for cell, rows in groups.items():
            available_by_value[cell[d]] += len(rows)
        nominated_by_value = Counter(values[d] for values in nominated_values)
        present = set(available_by_value) | set(nominated_by_value)
        definition = _definition(key, present)
        values = _ordered(definition, present)
        available = [available_by_value[v] for v in values]
        nominated = [nominated_by_value[v] for v in values]
        pool_counts = [a + b for a, b in zip(available, nominated, strict=True)]
        allocate = _proportional_quotas if allocation == PROPORTIONAL else _equal_quotas
        quotas = allocate(pool_counts, size)
        targets = _largest_remainder(quotas, size, rng)
        costs = []
        for quota, target in zip(quotas, targets, strict=True):
            low = max(0, math.ceil(quota - 1 - TOLERANCE))
            high = math.floor(quota + 1 + TOLERANCE)
            costs.append(
                [
                    _OUT_OF_BAND * (max(0, low - count) + max(0, count - high)) + abs(count - target)
                    for count in range(size + 2)
                ]
            )
        return cls(
            key=key,
            definition=definition,
            values=values,
            index={v: i for i, v in enumerate(values)},
            pool_counts=pool_counts,
            available=available,
            nominated=nominated,
            quotas=quotas,
            targets=targets,
            costs=costs,
        )

    def lower_bound(self, to_draw: int) -> int:
        """The least cost this dimension alone could reach: the cost is convex in each
        count, so adding cases one at a time where they cost least is optimal."""
        counts = list(self.nominated)
        left = list(self.available)
        for _ in range(to_draw):
            best = min(
                (i for i in range(len(counts)) if left[i]),
                key=lambda i: self.costs[i][counts[i] + 1] - self.costs[i][counts[i]],
            )
            counts[best] += 1
            left[best] -= 1
        return sum(self.costs[i][count] for i, count in enumerate(counts))


# The search -----------------------------------------------------------------------------------------------------


class _Search:
    """Which cells to draw from, one entry per case, in drawn order (``order``).

    Works on counts only: how many cases each cell has (``sizes``) and how many are
    drawn from it (``drawn``); ``counts[d][i]`` is the sample count of value ``i`` of
    dimension ``d``, nominated cases included.
    """

    def __init__(self, cells: list[tuple], sizes: list[int], to_draw: int, strata: list[_Stratum], rng: random.Random):
        self.cells = cells
        self.columns = [[cell[d] for cell in cells] for d in range(len(strata))]
        self.sizes = sizes
        self.to_draw = to_draw
        self.strata = strata
        self.costs = [stratum.costs for stratum in strata]
        self.rng = rng
        self.order: list[int] = []
        self.work = 0  # element operations so far, to bound the search without reading a clock

    def run(self) -> list[int]:
        """Greedy, then repair, restarts and perturbations only while the cost is above
        what each dimension could reach on its own and the work budget lasts."""
        lowest = sum(stratum.lower_bound(self.to_draw) for stratum in self.strata)
        best_order: list[int] = []
        best_cost = _BLOCKED
        for attempt in range(_ATTEMPTS):
            if attempt and self.work > _WORK_LIMIT:
                break
            self.greedy()
            cost = self.cost()
            if cost != lowest:
                cost = self.repair()
            if cost < best_cost:
                best_order, best_cost = list(self.order), cost
            if best_cost // _OUT_OF_BAND <= lowest // _OUT_OF_BAND:
                return best_order
        # Iterated local search: move a few drawn cases at random, repair, keep the result
        # unless it is worse (so it can cross plateaus).
        self.load(best_order)
        cost = best_cost
        for _ in range(_MAX_KICKS):
            if self.work > _WORK_LIMIT:
                break
            before = list(self.order)
            self.kick(min(_KICK_SIZE, self.to_draw))
            new_cost = self.repair()
            if new_cost <= cost:
                cost = new_cost
                if cost < best_cost:
                    best_order, best_cost = list(self.order), cost
                    if best_cost // _OUT_OF_BAND <= lowest // _OUT_OF_BAND:
                        break
            else:
                self.load(before)
        return best_order

    def load(self, order: list[int]) -> None:
        self.order = list(order)
        self.drawn = [0] * len(self.cells)
        self.counts = [list(stratum.nominated) for stratum in self.strata]
        for c in self.order:
            self.drawn[c] += 1
            for d, i in enumerate(self.cells[c]):
                self.counts[d][i] += 1

    def move(self, position: int, b: int) -> None:
        """Replace the case drawn at ``position`` with one from cell ``b``."""
        a = self.order[position]
        self.order[position] = b
        self.drawn[a] -= 1
        self.drawn[b] += 1
        for d in range(len(self.strata)):
            self.counts[d][self.cells[a][d]] -= 1
            self.counts[d][self.cells[b][d]] += 1

    def cost(self) -> int:
        return sum(self.costs[d][i][c] for d, counts in enumerate(self.counts) for i, c in enumerate(counts))

    def greedy(self) -> None:
        """Draw case by case from the cells that lower the cost most, weighted by the cases
        left in each. Scores change only for cells sharing a value whose count changed."""
        self.load([])
        cells, costs, counts = self.cells, self.costs, self.counts
        dims = range(len(self.strata))
        left = list(self.sizes)
        gain = [[costs[d][i][c + 1] - costs[d][i][c] for i, c in enumerate(counts[d])] for d in dims]
        score = [sum(gain[d][cell[d]] for d in dims) for cell in cells]
        sharing: list[list[list[int]]] = [[[] for _ in stratum.values] for stratum in self.strata]
        for c, cell in enumerate(cells):
            for d in dims:
                sharing[d][cell[d]].append(c)
        self.work += self.to_draw * len(cells)
        for _ in range(self.to_draw):
            best = min(score)
            tied = [c for c, s in enumerate(score) if s == best]
            chosen = _weighted_choice(self.rng, tied, left)
            self.order.append(chosen)
            self.drawn[chosen] += 1
            left[chosen] -= 1
            if not left[chosen]:
                score[chosen] = _BLOCKED
            for d, i in enumerate(cells[chosen]):
                counts[d][i] += 1
                new = costs[d][i][counts[d][i] + 1] - costs[d][i][counts[d][i]]
                change = new - gain[d][i]
                if change:
                    gain[d][i] = new
                    for c in sharing[d][i]:
                        score[c] += change

    def repair(self) -> int:
        """Swap a drawn case for an undrawn one of another cell while that lowers the cost
        (and the work budget lasts); returns the final cost.

        Drawn cells are tried in random order and the first that can improve makes its
        best swap (ties weighted by cases left). Swapping a case of cell ``a`` for one of
        cell ``b`` changes the cost by ``R(a) + A(b) - K(a, b)``: R is what removing a's
        values saves, A what adding b's costs (both summed over dimensions), and K puts
        back, for each dimension where a and b share a value, that value's curvature
        (``add + remove``, zero except where its cost bends). A is worked out for every
        cell once per swap; for each ``a`` only the dimensions where its value bends need
        a pass over the cells, done with ``map`` (C speed)."""
        cells, costs, counts, drawn, sizes, columns = (
            self.cells,
            self.costs,
            self.counts,
            self.drawn,
            self.sizes,
            self.columns,
        )
        dims = range(len(self.strata))
        closed = [0 if drawn[b] < sizes[b] else _BLOCKED for b in range(len(cells))]
        while True:
            add = [[costs[d][i][c + 1] - costs[d][i][c] for i, c in enumerate(counts[d])] for d in dims]
            remove = [[costs[d][i][c - 1] - costs[d][i][c] if c else 0 for i, c in enumerate(counts[d])] for d in dims]
            additions = closed
            for d in dims:
                additions = list(map(operator.add, additions, map(add[d].__getitem__, columns[d])))
            least_addition = min(additions)
            self.work += len(cells) * len(self.strata)
            candidates = [a for a in range(len(cells)) if drawn[a]]
            self.rng.shuffle(candidates)
            for a in candidates:
                if self.work > _WORK_LIMIT:
                    return self.cost()
                removal = sum(remove[d][i] for d, i in enumerate(cells[a]))
                bends = [(d, i, add[d][i] + remove[d][i]) for d, i in enumerate(cells[a]) if add[d][i] + remove[d][i]]
                if removal + least_addition - sum(bend for _, _, bend in bends) >= 0:
                    continue  # no swap out of a can lower the cost
                changes = additions
                for d, i, bend in bends:
                    self.work += len(cells)
                    step = [0] * len(add[d])
                    step[i] = bend
                    changes = list(map(operator.sub, changes, map(step.__getitem__, columns[d])))
                best = min(changes) + removal
                if best < 0:
                    break
            else:
                return self.cost()
            tied = [b for b, change in enumerate(changes) if change + removal == best]
            b = _weighted_choice(self.rng, tied, [size - n for size, n in zip(sizes, drawn, strict=True)])
            self.move(self.rng.choice([p for p, c in enumerate(self.order) if c == a]), b)
            closed[a] = 0
            closed[b] = 0 if drawn[b] < sizes[b] else _BLOCKED

    def kick(self, moves: int) -> None:
        """Move ``moves`` drawn cases to random other cells (weighted by cases left)."""
        for position in self.rng.sample(range(len(self.order)), moves):
            a = self.order[position]
            options = [b for b in range(len(self.cells)) if b != a and self.drawn[b] < self.sizes[b]]
            if options:
                spare = [size - n for size, n in zip(self.sizes, self.drawn, strict=True)]
                self.move(position, _weighted_choice(self.rng, options, spare))


def _weighted_choice(rng: random.Random, options: list[int], weights: list[int]) -> int:
    """One of ``options``, with probability proportional to its weight (integers, so exact)."""
    ticket = rng.randrange(sum(weights[option] for option in options))
    for option in options:
        ticket -= weights[option]
        if ticket < 0:
            return option
    raise AssertionError("unreachable")


# The balance table ----------------------------------------------------------------------------------------------


def _balance_rows(
    definition: Dimension,
    values: list,
    pool_counts: dict,
    sample_counts: dict,
    sample_size: int,
    quotas: dict | None,
) -> list[dict]:
    labels = dict(definition.values)
    pool_size = sum(pool_counts.values())
    rows = []
    for value in values:
        pool_count = pool_counts.get(value, 0)
        sample_count = sample_counts.get(value, 0)
        target = None if quotas is None else quotas.get(value, 0.0)
        rows.append(
            {
                "dimension": definition.key,
                "dimension_label": definition.label,
                "value": value,
                "label": labels.get(value) or (str(value) if value else "Not recorded"),
                "pool_count": pool_count,
                "pool_share": pool_count / pool_size if pool_size else 0.0,
                "target": target,
                "sample_count": sample_count,
                "sample_share": sample_count / sample_size if sample_size else 0.0,
                "deviation": None if target is None else sample_count - target,
            }
        )
    return rows

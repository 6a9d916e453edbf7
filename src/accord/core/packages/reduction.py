"""The solver's integer form of a problem: packed costs, conditional terms, dominated options pruned,
components, and exact variable elimination for loosely linked ones."""

from __future__ import annotations

import heapq
import itertools
import math
from collections import Counter
from dataclasses import dataclass

from accord.core.packages.model import PackageProblem

Choice = tuple[int, int]  # (provision index, option index)
# A term costs its weight when `head` is chosen (None: always) and not every condition is chosen.
TermKey = tuple[Choice | None, tuple[Choice, ...]]


@dataclass(frozen=True)
class Knobs:
    """Thresholds of the solver; tests move them to reach every path."""

    prune: bool = True
    # Components whose variable elimination needs more table entries than this go to HiGHS instead:
    # below it, elimination in Python is faster than building and solving a MILP.
    elimination_limit: int = 2_000
    # A weighted MILP objective spanning more than this is solved criterion by criterion instead;
    # HiGHS's tolerances are far finer than one unit in 2**30.
    safe_spread: int = 2**30
    # Pairs of provisions in at least this many terms get joint variables in the MILP: measured on
    # dense random cases, fewer bloat the LP, more leave it weak.
    shared_pair: int = 3


@dataclass(frozen=True)
class Packing:
    """(blocking, support, dissociations) packed into one exact int whose order is the criteria's order.

    A package's value is blocking * w1 - support * w2 + dissociations. Every partial sum of stance
    costs has |support| <= supports and |dissociations| <= dissociations, so with these weights one
    unit of a higher criterion outweighs any change in the lower ones, and `unpack` is exact.
    """

    supports: int
    dissociations: int

    @property
    def w2(self) -> int:
        return 2 * self.dissociations + 1

    @property
    def w1(self) -> int:
        return (2 * self.supports + 1) * self.w2

    def unpack(self, value: int) -> tuple[int, int, int]:
        """(blocking, -support, dissociations) of a packed value."""
        d = (value + self.dissociations) % self.w2 - self.dissociations
        rest = (value - d) // self.w2
        s = (rest + self.supports) % (2 * self.supports + 1) - self.supports
        return ((rest - s) // (2 * self.supports + 1), s, d)


def weights_for(ranges: tuple[int, int, int]) -> tuple[int, int, int]:
    """Weights under which no change within `ranges` of a lower criterion outweighs a higher one."""
    w2 = ranges[2] + 1
    return ((ranges[1] + 1) * w2, w2, 1)


@dataclass
class Model:
    """The problem in integer indices: packed per-option costs, conditional terms, options still open."""

    alive: list[list[int]]
    unary: list[list[int]]
    terms: dict[TermKey, int]
    packing: Packing

    @classmethod
    def build(cls, problem: PackageProblem) -> Model:
        kinds = Counter(s.stance for s in problem.stances)
        packing = Packing(kinds["support"], kinds["dissociate"])
        cost = {"object": packing.w1, "reserve": packing.w1, "support": -packing.w2, "dissociate": 1}
        pindex = {p.id: i for i, p in enumerate(problem.provisions)}
        oindex = [{o: j for j, o in enumerate(p.options)} for p in problem.provisions]
        unary = [[0] * len(p.options) for p in problem.provisions]
        terms: dict[TermKey, int] = {}
        for stance in problem.stances:
            if stance.stance == "accept":
                continue
            p = pindex[stance.provision]
            o = oindex[p][stance.option]
            if not stance.unless:
                unary[p][o] += cost[stance.stance]
                continue
            conds = [(pindex[c.provision], oindex[pindex[c.provision]][c.option]) for c in stance.unless]
            if any(q == p and r != o for q, r in conds):
                unary[p][o] += cost[stance.stance]
                continue
            others = tuple(sorted((q, r) for q, r in conds if q != p))
            if others:  # else every condition is the stance's own option: it never applies
                key: TermKey = ((p, o), others)
                terms[key] = terms.get(key, 0) + cost[stance.stance]
        alive = [list(range(len(p.options))) for p in problem.provisions]
        return cls(alive, unary, terms, packing)

    def reduce(self, prune: bool = True) -> None:
        """Simplify terms and (if `prune`) remove dominated options until neither changes anything."""
        self._simplify()
        while prune and self._prune():
            self._simplify()

    def _simplify(self) -> None:
        """Rewrite terms for the options still open: fixed provisions leave them, one-provision terms
        become per-option costs, and terms that can no longer apply or vary are dropped."""
        alive = [set(a) for a in self.alive]
        terms: dict[TermKey, int] = {}
        for (head, conds), cost in self.terms.items():
            if head is not None:
                p, o = head
                if o not in alive[p]:
                    continue
                if len(alive[p]) == 1:
                    head = None
            kept = []
            for q, r in conds:
                if r not in alive[q]:  # a condition that cannot be met: the term is its head alone
                    if head is not None:
                        self.unary[head[0]][head[1]] += cost
                    break
                if len(alive[q]) > 1:
                    kept.append((q, r))
            else:
                if not kept:
                    continue  # every condition is met for sure: the term never applies
                if head is None and len(kept) == 1:
                    q, r = kept[0]  # costs whenever q is not r
                    for r2 in self.alive[q]:
                        if r2 != r:
                            self.unary[q][r2] += cost
                    continue
                key: TermKey = (head, tuple(kept))
                merged = terms.get(key, 0) + cost
                if merged:
                    terms[key] = merged
                else:
                    del terms[key]
        self.terms = terms

    def _prune(self) -> bool:
        """Remove every option that another option of its provision dominates; True if any was removed.

        Choosing o instead of o2 changes the total by at most hi(o) - lo(o2): hi bounds what o can cost
        with its terms at their worst, lo what o2 can cost with its terms at their best. When that is
        <= 0, o2 can always be swapped for o without loss, so dropping o2 keeps an optimum.
        """
        hi = {p: row[:] for p, row in enumerate(self.unary) if len(self.alive[p]) > 1}
        lo = {p: row[:] for p, row in hi.items()}
        for (head, conds), w in self.terms.items():
            up, down = max(w, 0), max(-w, 0)
            if head is not None:
                hi[head[0]][head[1]] += up
                lo[head[0]][head[1]] -= down
            for q, r in conds:  # choosing r can only lift the term; another option keeps it
                hi[q][r] += down
                lo[q][r] -= up
        changed = False
        for p, his in hi.items():
            options = self.alive[p]
            best = min(options, key=lambda o: (his[o], o))
            kept = [o for o in options if o == best or lo[p][o] < his[best]]
            if len(kept) < len(options):
                self.alive[p] = kept
                changed = True
        return changed

    def components(self) -> list[tuple[list[int], list[TermKey]]]:
        """Provisions still open, grouped by the terms linking them, each with its terms."""
        parent = list(range(len(self.alive)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for key in self.terms:
            scope = term_scope(key)
            root = find(scope[0])
            for q in scope[1:]:
                parent[find(q)] = root
        provisions: dict[int, list[int]] = {}
        for p, options in enumerate(self.alive):
            if len(options) > 1:
                provisions.setdefault(find(p), []).append(p)
        linked: dict[int, list[TermKey]] = {root: [] for root in provisions}
        for key in self.terms:
            linked[find(key[1][0][0])].append(key)
        return [(provisions[root], linked[root]) for root in sorted(provisions)]

    def eliminate(self, provisions: list[int], keys: list[TermKey], limit: int) -> dict[int, int] | None:
        """The best choice for one component by variable elimination (exact, ties to the first option),
        or None when the tables it needs would exceed `limit` entries in all."""
        size = {p: len(self.alive[p]) for p in provisions}
        # Eliminating a linked provision builds a table at least as large as its own options: a
        # component whose options alone pass the limit would fail the plan below, only later.
        if len(provisions) > 1 and sum(size.values()) > limit:
            return None
        scopes = {tuple(sorted(term_scope(key))) for key in keys}
        neighbours: dict[int, set[int]] = {p: set() for p in provisions}
        for scope in scopes:
            if math.prod(size[q] for q in scope) > limit:
                return None
            for q in scope:
                neighbours[q].update(scope)

        # Plan the order first (greedy smallest table), so a hopeless component costs nothing.
        # A heap of (table size, provision), stale entries skipped: the same order as taking the
        # minimum over all provisions at every step, without the quadratic scan.
        def table(q: int) -> int:
            return math.prod(size[n] for n in neighbours[q])

        heap = [(table(q), q) for q in neighbours]
        heapq.heapify(heap)
        order = []
        work = 0
        while neighbours:
            cost, v = heapq.heappop(heap)
            if v not in neighbours or cost != table(v):
                continue
            work += cost
            if work > limit:
                return None
            order.append(v)
            linked = neighbours.pop(v) - {v}
            for n in linked:
                neighbours[n].discard(v)
                neighbours[n].update(linked)
                heapq.heappush(heap, (table(n), n))
        factors: dict[tuple[int, ...], dict[tuple[int, ...], int]] = {}
        for p in provisions:
            factors[(p,)] = {(o,): self.unary[p][o] for o in self.alive[p]}
        for key in keys:
            scope = tuple(sorted(term_scope(key)))
            initial = factors.setdefault(scope, dict.fromkeys(self._combos(scope), 0))
            where = {q: i for i, q in enumerate(scope)}
            head, conds = key
            for combo in initial:
                if (head is None or combo[where[head[0]]] == head[1]) and not all(
                    combo[where[q]] == r for q, r in conds
                ):
                    initial[combo] += self.terms[key]
        decisions = []
        for v in order:
            touching = [scope for scope in factors if v in scope]
            rest = tuple(sorted({q for scope in touching for q in scope} - {v}))
            extended = {q: i for i, q in enumerate((*rest, v))}
            picks = [([extended[q] for q in scope], factors.pop(scope)) for scope in touching]
            table: dict[tuple[int, ...], int] = {}
            best_option: dict[tuple[int, ...], int] = {}
            for combo in self._combos(rest):
                best = None
                for o in self.alive[v]:
                    full = (*combo, o)
                    total = sum(t[tuple(full[i] for i in idx)] for idx, t in picks)
                    if best is None or total < best:
                        best, best_option[combo] = total, o
                assert best is not None
                table[combo] = best
            decisions.append((v, rest, best_option))
            if rest:
                merged = factors.setdefault(rest, dict.fromkeys(table, 0))
                for combo, value in table.items():
                    merged[combo] += value
        choice: dict[int, int] = {}
        for v, rest, best_option in reversed(decisions):
            choice[v] = best_option[tuple(choice[q] for q in rest)]
        return choice

    def _combos(self, scope: tuple[int, ...]) -> itertools.product[tuple[int, ...]]:
        return itertools.product(*(self.alive[q] for q in scope))

    def fallback(self, provisions: list[int]) -> dict[int, int]:
        """A choice without search (out of time): each provision's cheapest option on its own."""
        return {p: min(self.alive[p], key=lambda o: (self.unary[p][o], o)) for p in provisions}


def term_scope(key: TermKey) -> list[int]:
    head, conds = key
    return [q for q, _ in conds] + ([head[0]] if head is not None else [])

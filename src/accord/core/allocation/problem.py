"""The index form of a portfolio: eligible pairs, the reductions that need no search, a greedy start
plan, and the repair that makes a solver's amounts add up exactly."""

from __future__ import annotations

import heapq
import math
from collections import deque

from accord.core.allocation.model import Portfolio

# Below this relative size a repair step is float noise.
NOISE = 1e-13
# HiGHS's feasibility tolerances (mip, primal) for the first solve: its defaults, which were faster than
# tight ones on the benchmark before `_fill` existed (on the hard portfolios left to the whole search
# neither setting wins on every seed). A plan is kept only if, once repaired, it holds to STRICT;
# otherwise the tolerances were exploited (two projects "fitting" a capital they exceed by 1e-7) and
# the portfolio is solved again at STRICT.
FAST = (1e-6, 1e-7)
STRICT = 1e-9


class Problem:
    """Index form of a portfolio: eligible pairs with tightened ticket bounds, and the plan being built.

    A pair k joins project `pair_project[k]` and funder `pair_funder[k]`; its amount is 0 or within
    [lo[k], hi[k]], where hi = min(max ticket, cost, capital). Pairs with lo > hi cannot be used at all
    and are not created.
    """

    def __init__(self, portfolio: Portfolio) -> None:
        projects, funders = portfolio.projects, portfolio.funders
        self.cost = [p.cost for p in projects]
        self.value = [p.priority * p.cost for p in projects]
        self.capital = [f.capital for f in funders]
        self.pair_project: list[int] = []
        self.pair_funder: list[int] = []
        self.lo: list[float] = []
        self.hi: list[float] = []
        self.of_project: list[list[int]] = [[] for _ in projects]
        self.of_funder: list[list[int]] = [[] for _ in funders]
        by_sector: dict[str, list[int]] = {}
        for j, funder in enumerate(funders):
            for sector in funder.sectors:
                by_sector.setdefault(sector, []).append(j)
        coverage = [frozenset(f.countries) for f in funders]
        for i, project in enumerate(projects):
            countries = frozenset(project.countries)
            for j in by_sector.get(project.sector, ()):
                funder = funders[j]
                hi = min(funder.ticket_max, project.cost, funder.capital)
                if countries <= coverage[j] and funder.min_ticket <= hi:
                    k = len(self.lo)
                    self.pair_project.append(i)
                    self.pair_funder.append(j)
                    self.lo.append(funder.min_ticket)
                    self.hi.append(hi)
                    self.of_project[i].append(k)
                    self.of_funder[j].append(k)
        self.amount = [0.0] * len(self.lo)
        self.funded = [False] * len(projects)
        # Pairs a funded project may use: those the solver chose, plus every pair without a minimum
        # ticket (an amount there may grow from 0 while repairing rounding).
        self.usable: list[list[int]] = [[] for _ in projects]
        self.open = [False] * len(projects)
        self.roomy = [False] * len(funders)

    def reduce(self) -> None:
        """Settle what needs no search; leaves `open` the projects still undecided.

        A project that no mix of tickets can cover, or that adds no value, stays unfunded. A funder is
        roomy when its capital covers the largest ticket to every open project it may fund: its capital
        constraint then binds nothing, so a project it can fund alone is funded by it alone in some
        optimal plan (moving the project there only lowers other funders' use). Funding such a project
        shrinks other funders' demand, which can make them roomy in turn.
        """
        for i, pairs in enumerate(self.of_project):
            reach = math.fsum(self.hi[k] for k in pairs)
            self.open[i] = self.value[i] > 0 and reach >= self.cost[i] * (1 - NOISE)
        self.capital_left = list(self.capital)
        demand = [
            math.fsum(self.hi[k] for k in pairs if self.open[self.pair_project[k]])
            for pairs in self.of_funder
        ]
        queue = [j for j in range(len(demand)) if self.capital_left[j] >= demand[j]]
        for j in queue:
            self.roomy[j] = True
        heapq.heapify(queue)
        while queue:
            j = heapq.heappop(queue)
            for k in self.of_funder[j]:
                i = self.pair_project[k]
                if not self.open[i] or self.hi[k] < self.cost[i]:
                    continue
                self.open[i] = False
                self.funded[i] = True
                self.amount[k] = self.cost[i]
                self.usable[i] = [k]
                self.capital_left[j] -= self.cost[i]
                for other in self.of_project[i]:
                    g = self.pair_funder[other]
                    demand[g] -= self.hi[other]
                    if not self.roomy[g] and self.capital_left[g] >= demand[g]:
                        self.roomy[g] = True
                        heapq.heappush(queue, g)

    def components(self) -> list[list[int]]:
        """Open projects grouped by shared non-roomy funders: each group is solved on its own."""
        parent = list(range(len(self.open)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for j, pairs in enumerate(self.of_funder):
            if self.roomy[j]:
                continue
            members = [self.pair_project[k] for k in pairs if self.open[self.pair_project[k]]]
            for i in members[1:]:
                a, b = root(members[0]), root(i)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        groups: dict[int, list[int]] = {}
        for i, is_open in enumerate(self.open):
            if is_open:
                groups.setdefault(root(i), []).append(i)
        return list(groups.values())

    def greedy(self, projects: list[int], pairs: list[int]) -> dict[int, float]:
        """A quick plan for HiGHS to start from: {position in `pairs`: amount}.

        Projects in order of priority, large ones first within a priority (first-fit decreasing); each
        takes the largest tickets still available. A roomy funder's capital needs no tracking.
        """
        by_project: dict[int, list[int]] = {}
        for t, k in enumerate(pairs):
            by_project.setdefault(self.pair_project[k], []).append(t)
        left = {j: self.capital_left[j] for j in {self.pair_funder[k] for k in pairs} if not self.roomy[j]}
        plan: dict[int, float] = {}
        for i in sorted(projects, key=lambda i: (-self.value[i] / self.cost[i], -self.cost[i], i)):
            offers = []
            for t in by_project[i]:
                k = pairs[t]
                available = min(self.hi[k], left.get(self.pair_funder[k], math.inf))
                if available >= self.lo[k]:
                    offers.append((available, t))
            taken = self._fit(
                self.cost[i], [(self.lo[pairs[t]], available, t) for available, t in sorted(offers)[::-1]]
            )
            if taken is not None:
                for t, amount in taken.items():
                    plan[t] = amount
                    j = self.pair_funder[pairs[t]]
                    if j in left:
                        left[j] -= amount
        return plan

    @staticmethod
    def _fit(cost: float, offers: list[tuple[float, float, int]]) -> dict[int, float] | None:
        # Take from offers (minimum, available, key) in turn; a share below an offer's minimum is raised
        # to it by giving back from earlier shares above their own minimums.
        taken: dict[int, float] = {}
        minimum_of: dict[int, float] = {}
        need = cost
        for low, available, key in offers:
            if need <= NOISE * cost:
                break
            share = min(available, need)
            if share < low:
                give_back = low - share
                if math.fsum(taken[k] - minimum_of[k] for k in taken) < give_back:
                    continue
                for k in taken:
                    step = min(give_back, taken[k] - minimum_of[k])
                    taken[k] -= step
                    give_back -= step
                share = low
            taken[key], minimum_of[key] = share, low
            need = cost - math.fsum(taken.values())
        return taken if abs(need) <= NOISE * cost else None

    def repair(self) -> None:
        """Make every funded project's amounts add up to its cost, within tickets and capital.

        The solver's amounts are right to its tolerances. Clipping puts each amount in its ticket
        range; a project over its cost gives back from its largest amounts; then each shortfall of a
        project and each excess of a funder is moved along augmenting paths (raise a pair, lower another
        pair of that funder, raise ...) to a funder with capital to spare, as in a max-flow.
        """
        amount, lo, hi, cost = self.amount, self.lo, self.hi, self.cost
        funded = [i for i, is_funded in enumerate(self.funded) if is_funded]
        for i in funded:
            for k in self.usable[i]:
                amount[k] = min(max(amount[k], lo[k]), hi[k])
                if lo[k] == 0 and amount[k] <= STRICT * cost[i]:
                    amount[k] = 0.0  # solver noise, not a ticket
            surplus = math.fsum(amount[k] for k in self.usable[i]) - cost[i]
            for k in sorted(self.usable[i], key=lambda k: lo[k] - amount[k]):
                if surplus <= 0:
                    break
                step = min(surplus, amount[k] - lo[k])
                amount[k] -= step
                surplus -= step
        self.funded_pairs: list[list[int]] = [[] for _ in self.capital]
        for i in funded:
            for k in self.usable[i]:
                self.funded_pairs[self.pair_funder[k]].append(k)
        self.spare = [
            c - math.fsum(amount[k] for k in pairs)
            for c, pairs in zip(self.capital, self.funded_pairs, strict=True)
        ]
        for i in funded:
            self._settle(i)
        for j in range(len(self.capital)):
            self._settle(-1 - j)
        for i in funded:
            # The last amount takes the rounding of the sum, when its ticket range and capital allow.
            last = max(k for k in self.usable[i] if amount[k] > 0)
            exact = cost[i] - math.fsum(amount[k] for k in self.usable[i] if k != last)
            change = exact - amount[last]
            if lo[last] <= exact <= hi[last] and change <= max(self.spare[self.pair_funder[last]], 0.0):
                self.spare[self.pair_funder[last]] -= change
                amount[last] = exact

    def _settle(self, node: int) -> None:
        # node >= 0 is a project short of its cost; node < 0 is funder -1 - node over its capital.
        for _ in range(len(self.amount) + 1):
            if node >= 0:
                need = self.cost[node] - math.fsum(self.amount[k] for k in self.usable[node])
                scale = self.cost[node]
            else:
                need, scale = -self.spare[-1 - node], self.capital[-1 - node]
            if need <= NOISE * scale or not self._augment(node, need):
                return

    def _augment(self, start: int, need: float) -> bool:
        """Move up to `need` along one shortest augmenting path from `start`; False when there is none."""
        amount, lo, hi = self.amount, self.lo, self.hi
        came_from: dict[int, tuple[int, int, int]] = {}
        queue = deque([start])
        end = None
        while queue and end is None:
            node = queue.popleft()
            if node >= 0:  # a project that needs more: raise one of its pairs, those in use first
                for k in sorted(self.usable[node], key=lambda k: amount[k] <= 0):
                    funder = -1 - self.pair_funder[k]
                    if funder != start and funder not in came_from and hi[k] - amount[k] > NOISE * hi[k]:
                        came_from[funder] = (node, k, 1)
                        if self.spare[-1 - funder] > NOISE * self.capital[-1 - funder]:
                            end = funder
                            break
                        queue.append(funder)
            else:  # a funder that must give back: lower one of its pairs above its minimum ticket
                for k in self.funded_pairs[-1 - node]:
                    project = self.pair_project[k]
                    if (
                        project != start
                        and project not in came_from
                        and amount[k] - lo[k] > NOISE * amount[k]
                    ):
                        came_from[project] = (node, k, -1)
                        queue.append(project)
        if end is None:
            return False
        path = []
        node = end
        while node != start:
            node, k, sign = came_from[node]
            path.append((k, sign))
        step = min(
            [need, self.spare[-1 - end]]
            + [hi[k] - amount[k] if s > 0 else amount[k] - lo[k] for k, s in path]
        )
        for k, sign in path:
            amount[k] += sign * step
        self.spare[-1 - end] -= step
        if start < 0:
            self.spare[-1 - start] += step
        return True

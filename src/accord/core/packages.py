"""Package deals: choose one option per provision so that as few blocking stances as possible apply.

The input and output formats are the "Negotiation package file" of DESIGN.md. A stance applies when its
option is chosen, unless it has an ``unless`` list and every (provision, option) in it is chosen too.
The best package has, in this order: fewest applying blocking stances (reserve, object), most applying
support stances, fewest applying dissociations.

An ``unless`` condition on the stance's own provision is accepted and read literally: naming the
stance's own option is always met when the stance could apply, so it is dropped from the list (and a
list made only of it means the stance never applies); naming another option of that provision can
never be met together with the stance's option, so the stance applies whenever its option is chosen.

How `solve` stays exact and fast (see bench/packages.py for the figures):

1. Unconditional stances become per-option costs; conditional stances with the same option and the
   same conditions merge into one term whose cost is the sum of theirs.
2. The three criteria become one integer cost with exact weights (Python ints, never floats).
3. An option is removed when another option of its provision is at least as good whatever the other
   provisions choose (bounds on each term's effect); a provision left with one option is fixed and
   its terms simplified. This repeats until nothing changes.
4. Provisions still linked by terms form independent components, solved one by one. Loosely linked
   ones (small tables) by variable elimination in Python; the others by one MILP each, solved by
   HiGHS to a zero gap with weights scaled to the component (criterion by criterion if those weights
   would get too large for floats), and joint variables for pairs of provisions that many terms share.
"""

from __future__ import annotations

import itertools
import math
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from accord.core.errors import InputError

StanceKind = Literal["support", "accept", "dissociate", "reserve", "object"]
STANCE_KINDS: tuple[StanceKind, ...] = get_args(StanceKind)
BLOCKING_KINDS: frozenset[StanceKind] = frozenset({"reserve", "object"})


@dataclass(frozen=True)
class Provision:
    """A bracketed part of the text and the alternative wordings (options) negotiated for it."""

    id: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class Condition:
    """One (provision, option) of a stance's ``unless`` list."""

    provision: str
    option: str


@dataclass(frozen=True)
class Stance:
    """A member's position on one option; it does not apply once every ``unless`` condition is chosen."""

    member: str
    provision: str
    option: str
    stance: StanceKind
    unless: tuple[Condition, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class PackageProblem:
    """A validated negotiation: constructing one checks every cross-reference (raises InputError)."""

    members: tuple[str, ...]
    provisions: tuple[Provision, ...]
    stances: tuple[Stance, ...]

    def __post_init__(self) -> None:
        _check_unique(self.members, "members", "member")
        options: dict[str, tuple[str, ...]] = {}
        for i, provision in enumerate(self.provisions):
            path = f"provisions[{i}]"
            if provision.id in options:
                raise InputError(f"{path}.id", f"duplicate provision {provision.id!r}")
            if not provision.options:
                raise InputError(f"{path}.options", f"provision {provision.id!r} has no options")
            _check_unique(provision.options, f"{path}.options", "option")
            options[provision.id] = provision.options
        known_members = set(self.members)
        first_at: dict[tuple[str, str, str], int] = {}
        for i, stance in enumerate(self.stances):
            path = f"stances[{i}]"
            if stance.member not in known_members:
                raise InputError(f"{path}.member", f"unknown member {stance.member!r}")
            _check_option(options, stance.provision, stance.option, path)
            if stance.stance not in STANCE_KINDS:
                raise InputError(f"{path}.stance", f"unknown stance {stance.stance!r}")
            key = (stance.member, stance.provision, stance.option)
            if key in first_at:
                raise InputError(
                    path,
                    f"second stance of {stance.member} on {stance.provision} option {stance.option} "
                    f"(first at stances[{first_at[key]}])",
                )
            first_at[key] = i
            named: set[str] = set()
            for j, condition in enumerate(stance.unless):
                cpath = f"{path}.unless[{j}]"
                _check_option(options, condition.provision, condition.option, cpath)
                if condition.provision in named:
                    raise InputError(f"{cpath}.provision", f"names provision {condition.provision!r} twice")
                named.add(condition.provision)


@dataclass(frozen=True)
class Blocking:
    """A blocking stance (reserve or object) that applies to a package."""

    member: str
    provision: str
    option: str


@dataclass(frozen=True)
class PackageResult:
    """A package and its score; `optimal` is True only when no better package exists (proven)."""

    consensus: bool
    package: dict[str, str]
    blocking: list[Blocking]
    support: int
    dissociations: int
    optimal: bool

    def to_json(self) -> dict[str, object]:
        """The `accord negotiate solve --json` output of DESIGN.md."""
        return {
            "consensus": self.consensus,
            "package": dict(self.package),
            "blocking": [
                {"member": b.member, "provision": b.provision, "option": b.option} for b in self.blocking
            ],
            "support": self.support,
            "dissociations": self.dissociations,
            "optimal": self.optimal,
        }


def _check_unique(values: tuple[str, ...], path: str, what: str) -> None:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            raise InputError(f"{path}[{i}]", f"duplicate {what} {value!r}")
        seen.add(value)


def _check_option(options: dict[str, tuple[str, ...]], provision: str, option: str, path: str) -> None:
    if provision not in options:
        raise InputError(f"{path}.provision", f"unknown provision {provision!r}")
    if option not in options[provision]:
        raise InputError(f"{path}.option", f"unknown option {option!r} of provision {provision!r}")


# ---------------------------------------------------------------------------------------------- parsing


def _object(
    value: object, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, object]:
    """`value` as a JSON object with exactly these keys; `path` is "" for the file itself."""
    if not isinstance(value, dict):
        raise InputError(path or "(file)", "expected an object")
    prefix = f"{path}." if path else ""
    for key in value:
        if key not in required and key not in optional:
            # Strict on purpose: a misspelt "unless" would otherwise turn a conditional objection
            # into an unconditional one without a word.
            raise InputError(f"{prefix}{key}", "unknown key")
    for key in required:
        if key not in value:
            raise InputError(f"{prefix}{key}", "missing")
    return value


def _list(value: object, path: str) -> list[object]:
    if not isinstance(value, list):
        raise InputError(path, "expected a list")
    return value


def _text(value: object, path: str) -> str:
    if not isinstance(value, str) or not value:
        raise InputError(path, "expected a non-empty string")
    return value


def parse_problem(data: object) -> PackageProblem:
    """Validate a decoded JSON value (DESIGN.md "Negotiation package file") into a PackageProblem.

    Raises InputError naming the field (``stances[3].option``) for every invalid input.
    """
    root = _object(data, "", ("members", "provisions", "stances"))
    members = tuple(_text(m, f"members[{i}]") for i, m in enumerate(_list(root["members"], "members")))
    provisions = []
    for i, item in enumerate(_list(root["provisions"], "provisions")):
        path = f"provisions[{i}]"
        raw = _object(item, path, ("id", "options"))
        opts = _list(raw["options"], f"{path}.options")
        provisions.append(
            Provision(
                id=_text(raw["id"], f"{path}.id"),
                options=tuple(_text(o, f"{path}.options[{j}]") for j, o in enumerate(opts)),
            )
        )
    stances = []
    for i, item in enumerate(_list(root["stances"], "stances")):
        path = f"stances[{i}]"
        raw = _object(item, path, ("member", "provision", "option", "stance"), ("unless", "reason"))
        kind = _text(raw["stance"], f"{path}.stance")
        if kind not in STANCE_KINDS:
            raise InputError(
                f"{path}.stance", f"unknown stance {kind!r}, expected one of {', '.join(STANCE_KINDS)}"
            )
        unless = []
        for j, cond in enumerate(_list(raw.get("unless", []), f"{path}.unless")):
            cpath = f"{path}.unless[{j}]"
            rawc = _object(cond, cpath, ("provision", "option"))
            unless.append(
                Condition(
                    _text(rawc["provision"], f"{cpath}.provision"), _text(rawc["option"], f"{cpath}.option")
                )
            )
        reason = raw.get("reason", "")
        if not isinstance(reason, str):
            raise InputError(f"{path}.reason", "expected a string")
        stances.append(
            Stance(
                member=_text(raw["member"], f"{path}.member"),
                provision=_text(raw["provision"], f"{path}.provision"),
                option=_text(raw["option"], f"{path}.option"),
                stance=kind,
                unless=tuple(unless),
                reason=reason,
            )
        )
    return PackageProblem(members, tuple(provisions), tuple(stances))


# ------------------------------------------------------------------------------------------- evaluation


def lifted(stance: Stance, chosen: Mapping[str, str]) -> bool:
    """True when `stance` has an ``unless`` list and `chosen` (provision id -> option, possibly partial)
    meets every condition in it; the stance's own option counts as chosen."""
    if not stance.unless:
        return False
    for c in stance.unless:
        option = stance.option if c.provision == stance.provision else chosen.get(c.provision)
        if option != c.option:
            return False
    return True


def applies(stance: Stance, package: Mapping[str, str]) -> bool:
    """True when `stance` applies to `package`: its option is chosen and it is not lifted."""
    return package[stance.provision] == stance.option and not lifted(stance, package)


def evaluate(problem: PackageProblem, package: Mapping[str, str], optimal: bool = False) -> PackageResult:
    """Score `package` (provision id -> option); `optimal` is passed through, evaluating proves nothing."""
    for provision in problem.provisions:
        if provision.id not in package:
            raise InputError(f"package.{provision.id}", "no option chosen")
        if package[provision.id] not in provision.options:
            raise InputError(f"package.{provision.id}", f"unknown option {package[provision.id]!r}")
    known = {p.id for p in problem.provisions}
    for key in package:
        if key not in known:
            raise InputError(f"package.{key}", "unknown provision")
    blocking: list[Blocking] = []
    support = dissociations = 0
    for stance in problem.stances:
        if stance.stance == "accept" or not applies(stance, package):
            continue
        if stance.stance in BLOCKING_KINDS:
            blocking.append(Blocking(stance.member, stance.provision, stance.option))
        elif stance.stance == "support":
            support += 1
        else:
            dissociations += 1
    return PackageResult(
        consensus=not blocking,
        package={p.id: package[p.id] for p in problem.provisions},
        blocking=blocking,
        support=support,
        dissociations=dissociations,
        optimal=optimal,
    )


# ----------------------------------------------------------------------------------------------- solver

Choice = tuple[int, int]  # (provision index, option index)
# A term costs its weight when `head` is chosen (None: always) and not every condition is chosen.
TermKey = tuple[Choice | None, tuple[Choice, ...]]


@dataclass(frozen=True)
class _Knobs:
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
class _Packing:
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


def _weights(ranges: tuple[int, int, int]) -> tuple[int, int, int]:
    """Weights under which no change within `ranges` of a lower criterion outweighs a higher one."""
    w2 = ranges[2] + 1
    return ((ranges[1] + 1) * w2, w2, 1)


@dataclass
class _Model:
    """The problem in integer indices: packed per-option costs, conditional terms, options still open."""

    alive: list[list[int]]
    unary: list[list[int]]
    terms: dict[TermKey, int]
    packing: _Packing

    @classmethod
    def build(cls, problem: PackageProblem) -> _Model:
        kinds = Counter(s.stance for s in problem.stances)
        packing = _Packing(kinds["support"], kinds["dissociate"])
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
            scope = _scope(key)
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
        scopes = {tuple(sorted(_scope(key))) for key in keys}
        neighbours: dict[int, set[int]] = {p: set() for p in provisions}
        for scope in scopes:
            if math.prod(size[q] for q in scope) > limit:
                return None
            for q in scope:
                neighbours[q].update(scope)
        # Plan the order first (greedy smallest table), so a hopeless component costs nothing.
        order = []
        work = 0
        while neighbours:
            v = min(neighbours, key=lambda q: (math.prod(size[n] for n in neighbours[q]), q))
            work += math.prod(size[n] for n in neighbours[v])
            if work > limit:
                return None
            order.append(v)
            linked = neighbours.pop(v) - {v}
            for n in linked:
                neighbours[n].discard(v)
                neighbours[n].update(linked)
        factors: dict[tuple[int, ...], dict[tuple[int, ...], int]] = {}
        for p in provisions:
            factors[(p,)] = {(o,): self.unary[p][o] for o in self.alive[p]}
        for key in keys:
            scope = tuple(sorted(_scope(key)))
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

    def solve_milp(
        self, provisions: list[int], keys: list[TermKey], deadline: float | None, knobs: _Knobs
    ) -> tuple[dict[int, int], bool]:
        """The best choice for one component by MILP (HiGHS, zero gap); returns (choice, proven optimal).

        A term costs c when its head is chosen, minus c when all its choices hold: c * head - c * AND.
        The AND of two choices is a joint variable of the pair of provisions when that pair is shared by
        several terms (the pair's joint distribution, tighter than bounds term by term); otherwise an
        AND variable bounded by its choices, on the side the objective pushes against.

        One weighted solve when the weighted objective spans at most `knobs.safe_spread`; beyond that,
        float tolerances could blur a one-dissociation difference, so the criteria are solved one after
        the other, each bounded by the optimum of the ones before, with ANDs bounded on both sides.
        """
        ranges = [0, 0, 0]
        for p in provisions:
            values = [self.packing.unpack(self.unary[p][o]) for o in self.alive[p]]
            for k in range(3):
                ranges[k] += max(v[k] for v in values) - min(v[k] for v in values)
        term_costs = [self.packing.unpack(self.terms[key]) for key in keys]
        for c in term_costs:
            for k in range(3):
                ranges[k] += abs(c[k])
        weights = _weights((ranges[0], ranges[1], ranges[2]))
        staged = sum(r * w for r, w in zip(ranges, weights, strict=True)) > knobs.safe_spread

        costs: list[list[int]] = []  # (blocking, -support, dissociations) per column
        column: dict[Choice, int] = {}
        for p in provisions:
            for o in self.alive[p]:
                column[(p, o)] = len(costs)
                costs.append(list(self.packing.unpack(self.unary[p][o])))
        n_choices = len(costs)
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        lower: list[float] = []
        upper: list[float] = []

        def row(entries: list[tuple[int, float]], lo: float, up: float) -> None:
            for c, v in entries:
                rows.append(len(lower))
                cols.append(c)
                vals.append(v)
            lower.append(lo)
            upper.append(up)

        for p in provisions:
            row([(column[(p, o)], 1.0) for o in self.alive[p]], 1.0, 1.0)
        uses = Counter(pair for key in keys for pair in itertools.combinations(sorted(_scope(key)), 2))
        joint: dict[tuple[Choice, Choice], int] = {}
        for p, q in sorted(pair for pair, n in uses.items() if n >= knobs.shared_pair):
            for o in self.alive[p]:
                for r in self.alive[q]:
                    joint[((p, o), (q, r))] = len(costs)
                    costs.append([0, 0, 0])
            for o in self.alive[p]:
                row(
                    [(joint[((p, o), (q, r))], 1.0) for r in self.alive[q]] + [(column[(p, o)], -1.0)],
                    0.0,
                    0.0,
                )
            for r in self.alive[q]:
                row(
                    [(joint[((p, o), (q, r))], 1.0) for o in self.alive[p]] + [(column[(q, r)], -1.0)],
                    0.0,
                    0.0,
                )

        def pair(a: Choice, b: Choice) -> int | None:
            return joint.get((a, b) if a < b else (b, a))

        for (head, conds), c in zip(keys, term_costs, strict=True):
            if head is not None:
                costs[column[head]] = [x + y for x, y in zip(costs[column[head]], c, strict=True)]
            choices = [head, *conds] if head is not None else list(conds)
            if len(choices) == 2 and (z := pair(choices[0], choices[1])) is not None:
                costs[z] = [x - y for x, y in zip(costs[z], c, strict=True)]
                continue
            a = len(costs)  # the AND of `choices`, which costs -c
            costs.append([-y for y in c])
            rewarded = c[0] * weights[0] + c[1] * weights[1] + c[2] > 0
            if staged or rewarded:  # the objective wants a up: a <= every choice and shared pair
                for choice in choices:
                    row([(a, 1.0), (column[choice], -1.0)], -np.inf, 0.0)
                for u, v in itertools.combinations(choices, 2):
                    if (z := pair(u, v)) is not None:
                        row([(a, 1.0), (z, -1.0)], -np.inf, 0.0)
            if staged or not rewarded:  # the objective wants a down: a >= sum of choices - (k - 1)
                k = len(choices)
                row([(a, 1.0)] + [(column[choice], -1.0) for choice in choices], 1.0 - k, np.inf)
                first, rest = choices[0], choices[1:]
                zs = [pair(first, other) for other in rest]
                if k > 2 and all(z is not None for z in zs):  # given first, the same with its pairs
                    row(
                        [(a, 1.0), (column[first], k - 2.0)] + [(z, -1.0) for z in zs if z is not None],
                        0.0,
                        np.inf,
                    )
        n = len(costs)
        matrix = coo_array((vals, (rows, cols)), shape=(len(lower), n)).tocsr()
        constraints = [LinearConstraint(matrix, lower, upper)]
        integrality = np.zeros(n)
        integrality[:n_choices] = 1
        objectives = [np.array(costs, dtype=float) @ np.array(weights, dtype=float)]
        if staged:
            objectives = [np.array([c[k] for c in costs], dtype=float) for k in range(3)]
        x = None
        optimal = True
        for objective in objectives:
            options: dict[str, float | bool] = {"mip_rel_gap": 0.0, "disp": False}
            if deadline is not None:
                options["time_limit"] = max(deadline - time.monotonic(), 0.001)
            res = milp(
                objective,
                integrality=integrality,
                bounds=Bounds(np.zeros(n), np.ones(n)),
                constraints=constraints,
                options=options,
            )
            if res.x is None:
                optimal = False
                break
            x = res.x
            if res.status != 0:
                optimal = False
                break
            # The stage's optimum is an integer: keep it while the next criterion is optimised.
            best = round(float(objective @ x))
            constraints.append(LinearConstraint(objective[np.newaxis, :], -np.inf, best + 0.5))
        if x is None:
            return self.fallback(provisions), False
        picked = {}
        for p in provisions:
            chosen = [o for o in self.alive[p] if x[column[(p, o)]] > 0.5]
            assert len(chosen) == 1, "HiGHS returned a fractional package"
            picked[p] = chosen[0]
        return picked, optimal

    def fallback(self, provisions: list[int]) -> dict[int, int]:
        """A choice without search (out of time): each provision's cheapest option on its own."""
        return {p: min(self.alive[p], key=lambda o: (self.unary[p][o], o)) for p in provisions}


def _scope(key: TermKey) -> list[int]:
    head, conds = key
    return [q for q, _ in conds] + ([head[0]] if head is not None else [])


def solve(problem: PackageProblem, time_limit: float | None = None) -> PackageResult:
    """The best package by the DESIGN.md criteria, exactly.

    `optimal` is False only when `time_limit` (seconds, for the whole solve) ran out before the proof.
    """
    return _solve(problem, time_limit, _Knobs())


def _solve(problem: PackageProblem, time_limit: float | None, knobs: _Knobs) -> PackageResult:
    deadline = None if time_limit is None else time.monotonic() + time_limit
    model = _Model.build(problem)
    model.reduce(knobs.prune)
    choice = {p: options[0] for p, options in enumerate(model.alive) if len(options) == 1}
    optimal = True
    for provisions, keys in model.components():
        part = model.eliminate(provisions, keys, knobs.elimination_limit)
        if part is None:
            if deadline is not None and deadline <= time.monotonic():
                part, proven = model.fallback(provisions), False
            else:
                part, proven = model.solve_milp(provisions, keys, deadline, knobs)
            optimal = optimal and proven
        choice.update(part)
    package = {p.id: p.options[choice[i]] for i, p in enumerate(problem.provisions)}
    return evaluate(problem, package, optimal=optimal)

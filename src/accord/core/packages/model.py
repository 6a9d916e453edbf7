"""Negotiation packages: provisions, options and stances, and how a package is scored.

A stance applies when its option is chosen, unless it has an ``unless`` list and every (provision,
option) in it is chosen too. The best package has, in this order: fewest applying blocking stances
(reserve, object), most applying support stances, fewest applying dissociations.

An ``unless`` condition on the stance's own provision is accepted and read literally: naming the
stance's own option is always met when the stance could apply, so it is dropped from the list (and a
list made only of it means the stance never applies); naming another option of that provision can
never be met together with the stance's option, so the stance applies whenever its option is chosen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, get_args

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
    """A package and its score; `optimal` is True only when no better package exists (proven).

    `bound` is a proven lower bound on the blocking stances of any package (len(blocking) when optimal);
    `gap` is (len(blocking) - bound) / len(blocking), as the allocation's gap: 0 when optimal or when
    the package blocks nothing, which leaves only support and dissociations unproven."""

    consensus: bool
    package: dict[str, str]
    blocking: list[Blocking]
    support: int
    dissociations: int
    optimal: bool
    bound: int

    @property
    def gap(self) -> float:
        worst = len(self.blocking)
        return (worst - self.bound) / worst if worst else 0.0

    def to_json(self) -> dict[str, object]:
        """The `accord negotiate solve --json` output (README)."""
        return {
            "consensus": self.consensus,
            "package": dict(self.package),
            "blocking": [
                {"member": b.member, "provision": b.provision, "option": b.option} for b in self.blocking
            ],
            "support": self.support,
            "dissociations": self.dissociations,
            "optimal": self.optimal,
            "bound": self.bound,
            "gap": self.gap,
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


def blocking_bound(problem: PackageProblem) -> int:
    """A lower bound on the blocking stances of any package: each provision's fewest blocking stances
    without `unless` over its options (a stance with conditions may be lifted, so it counts for none).
    Weak when most stances are conditional, but never above the optimum."""
    unconditional = Counter(
        (s.provision, s.option) for s in problem.stances if s.stance in BLOCKING_KINDS and not s.unless
    )
    return sum(min((unconditional[(p.id, o)] for o in p.options), default=0) for p in problem.provisions)


def evaluate(problem: PackageProblem, package: Mapping[str, str], optimal: bool = False) -> PackageResult:
    """Score `package` (provision id -> option); `optimal` is passed through, evaluating proves nothing
    (the bound is then `blocking_bound`'s)."""
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
        bound=len(blocking) if optimal else min(blocking_bound(problem), len(blocking)),
    )

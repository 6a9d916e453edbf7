"""Decision rules and the consensus map: who can block, what is agreed.

A decision rule says who takes part in a decision and so whose applying blocking stance (reserve,
object) stops it; everyone else's is set aside (docs/sco-facts.md §1, Art. 16 of the Charter):

- `Consensus`: every member takes part; adopted iff no member blocks.
- `ConsensusMinusOne(state_concerned)`: suspension or expulsion; the state concerned cannot block.
- `InterestedMembers(interested)`: a cooperation project of the interested members; the others'
  objections do not stop them.

The consensus map shows, for each provision of a draft, the status of every option and of the
provision, evaluated under a rule:

- an option is ``blocked`` when a participant has a blocking stance on it that is not lifted, and
  ``clear`` otherwise;
- a provision is ``agreed`` when exactly one of its options is clear (that option is the agreed
  text: every other one is blocked), ``open`` when two or more are clear (a choice is still to be made,
  nobody blocks it), and ``blocked`` when none is (it names who blocks);
- a document is ``agreed`` only when every provision is ("nothing is agreed until everything is
  agreed"), ``blocked`` when some provision is blocked, and ``open`` otherwise.

Conditional stances: a stance is lifted when the current text (`chosen`, provision id -> option, any
subset of the provisions) meets every condition of its ``unless`` list; with nothing chosen, a
conditional stance counts like an unconditional one.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from accord.core.errors import InputError
from accord.core.packages import BLOCKING_KINDS, Provision, Stance, StanceKind, lifted

OptionState = Literal["clear", "blocked"]
ProvisionState = Literal["agreed", "open", "blocked"]

# Strongest first: the colour of a member's cell is the first of these it holds on the provision.
STRENGTH: tuple[StanceKind, ...] = ("object", "reserve", "dissociate", "support", "accept")


@dataclass(frozen=True)
class Decision:
    """The outcome of a rule: members listed in the order of the members given to it."""

    adopted: bool
    participants: tuple[str, ...]
    blocked_by: tuple[str, ...]
    set_aside: tuple[str, ...]  # had an applying blocking stance that does not count under this rule


class DecisionRule(ABC):
    """Who takes part in a decision; adopted iff no participant has an applying blocking stance."""

    @abstractmethod
    def participants(self, members: Sequence[str]) -> tuple[str, ...]:
        """The members taking part, in `members` order (raises InputError if the rule names a non-member)."""

    def decide(self, members: Sequence[str], applying: Iterable[Stance]) -> Decision:
        """Decide from the stances that apply to the text; stances of non-members (partners) never block."""
        who = self.participants(members)
        blockers = {s.member for s in applying if s.stance in BLOCKING_KINDS}
        blocked_by = tuple(m for m in who if m in blockers)
        set_aside = tuple(m for m in members if m in blockers and m not in blocked_by)
        set_aside += tuple(sorted(blockers - set(members)))
        return Decision(not blocked_by, who, blocked_by, set_aside)


@dataclass(frozen=True)
class Consensus(DecisionRule):
    """Every member takes part: one applying objection or reservation stops the decision."""

    def participants(self, members: Sequence[str]) -> tuple[str, ...]:
        return tuple(members)


@dataclass(frozen=True)
class ConsensusMinusOne(DecisionRule):
    """Every member but the state concerned takes part (suspension, expulsion)."""

    state_concerned: str

    def participants(self, members: Sequence[str]) -> tuple[str, ...]:
        if self.state_concerned not in members:
            raise InputError("state_concerned", f"{self.state_concerned!r} is not a member")
        return tuple(m for m in members if m != self.state_concerned)


@dataclass(frozen=True)
class InterestedMembers(DecisionRule):
    """Only the interested members take part; the others may join later and cannot block."""

    interested: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.interested:
            raise InputError("interested", "at least one member must take part")

    def participants(self, members: Sequence[str]) -> tuple[str, ...]:
        for i, member in enumerate(self.interested):
            if member not in members:
                raise InputError(f"interested[{i}]", f"{member!r} is not a member")
        return tuple(m for m in members if m in self.interested)


@dataclass(frozen=True)
class OptionStatus:
    option: str
    status: OptionState
    blocked_by: tuple[str, ...]


@dataclass(frozen=True)
class ProvisionStatus:
    """One row of the consensus map; `cells` colours each member by their strongest standing stance."""

    provision: str
    status: ProvisionState
    agreed_option: str | None
    options: tuple[OptionStatus, ...]
    blocked_by: tuple[str, ...]  # when blocked: everyone blocking some option, in members order
    cells: dict[str, StanceKind] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentStatus:
    status: ProvisionState
    provisions: tuple[ProvisionStatus, ...]


def _standing(provision: Provision, stances: Iterable[Stance], chosen: Mapping[str, str]) -> list[Stance]:
    """The stances on `provision` that are not lifted by `chosen`."""
    standing = []
    for stance in stances:
        if stance.provision != provision.id:
            continue
        if stance.option not in provision.options:
            raise InputError("stances", f"unknown option {stance.option!r} of provision {provision.id!r}")
        if not lifted(stance, chosen):
            standing.append(stance)
    return standing


def strongest(kinds: Iterable[StanceKind]) -> StanceKind:
    """The strongest of `kinds` by `STRENGTH`; "accept" (silence is consent) when there are none."""
    held = set(kinds)
    return next((kind for kind in STRENGTH if kind in held), "accept")


def provision_status(
    members: Sequence[str],
    provision: Provision,
    stances: Iterable[Stance],
    rule: DecisionRule | None = None,
    chosen: Mapping[str, str] | None = None,
) -> ProvisionStatus:
    """The consensus-map row of `provision` under `rule` (default `Consensus`); see the module doc."""
    rule = rule or Consensus()
    standing = _standing(provision, stances, chosen or {})
    options = []
    for option in provision.options:
        decision = rule.decide(members, (s for s in standing if s.option == option))
        options.append(OptionStatus(option, "clear" if decision.adopted else "blocked", decision.blocked_by))
    clear = [o.option for o in options if o.status == "clear"]
    status: ProvisionState = "blocked" if not clear else "agreed" if len(clear) == 1 else "open"
    blockers = {m for o in options for m in o.blocked_by} if status == "blocked" else set()
    held: dict[str, list[StanceKind]] = {m: [] for m in members}
    for s in standing:
        if s.member in held:
            held[s.member].append(s.stance)
    return ProvisionStatus(
        provision=provision.id,
        status=status,
        agreed_option=clear[0] if status == "agreed" else None,
        options=tuple(options),
        blocked_by=tuple(m for m in members if m in blockers),
        cells={m: strongest(kinds) for m, kinds in held.items()},
    )


def document_status(
    members: Sequence[str],
    provisions: Sequence[Provision],
    stances: Iterable[Stance],
    rule: DecisionRule | None = None,
    chosen: Mapping[str, str] | None = None,
) -> DocumentStatus:
    """The whole consensus map: agreed only when every provision is agreed."""
    stances = list(stances)
    rows = tuple(provision_status(members, p, stances, rule, chosen) for p in provisions)
    states = {row.status for row in rows}
    status: ProvisionState = "blocked" if "blocked" in states else "open" if "open" in states else "agreed"
    return DocumentStatus(status, rows)

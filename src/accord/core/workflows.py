"""The lifecycles accord enforces, as data (see `workflow` for the engine).

Permission names are roles the actions layer derives from the office a person holds on the day and
the delegation they act for. SYSTEM marks moves made only by the product itself from stored facts
(a silence procedure's outcome), never by a person.
"""

from __future__ import annotations

from accord.core.workflow import Workflow

CHAIR = "chair"
SECRETARIAT = "secretariat"
DELEGATE = "delegate"
FUNDER = "funder"
IMPLEMENTER = "implementer"
SYSTEM = "system"

# A draft decision negotiated to consensus. Silence broken sends it back to negotiation; a text agreed
# in session is adopted there without a silence procedure.
DRAFT = Workflow.of(
    "draft",
    states=("drafting", "negotiation", "silence", "adopted", "withdrawn"),
    initial="drafting",
    transitions={
        ("drafting", "negotiation"): CHAIR,
        ("negotiation", "silence"): CHAIR,
        ("negotiation", "adopted"): CHAIR,
        ("negotiation", "withdrawn"): CHAIR,
        ("silence", "adopted"): SYSTEM,
        ("silence", "negotiation"): SYSTEM,
    },
    terminal=("adopted", "withdrawn"),
)

_PROJECT_STAGES = ("concept", "proposed", "endorsed", "financing", "implementation", "completed")

# A regional project, from idea to completion; it may be dropped at any stage before completion.
PROJECT = Workflow.of(
    "project",
    states=(*_PROJECT_STAGES, "dropped"),
    initial="concept",
    transitions={
        ("concept", "proposed"): DELEGATE,
        ("proposed", "endorsed"): SECRETARIAT,
        ("endorsed", "financing"): SECRETARIAT,
        ("financing", "implementation"): SECRETARIAT,
        ("implementation", "completed"): SECRETARIAT,
        **{(stage, "dropped"): SECRETARIAT for stage in _PROJECT_STAGES[:-1]},
    },
    terminal=("completed", "dropped"),
)

# A funder's commitment to a project firms up step by step and may be withdrawn at any step.
COMMITMENT = Workflow.of(
    "commitment",
    states=("interest", "soft", "firm", "withdrawn"),
    initial="interest",
    transitions={
        ("interest", "soft"): FUNDER,
        ("soft", "firm"): FUNDER,
        ("interest", "withdrawn"): FUNDER,
        ("soft", "withdrawn"): FUNDER,
        ("firm", "withdrawn"): FUNDER,
    },
    terminal=("withdrawn",),
)

# An action item of a programme. A delayed item may be cancelled without first pretending to resume.
ACTION_ITEM = Workflow.of(
    "action_item",
    states=("planned", "in_progress", "delayed", "done", "cancelled"),
    initial="planned",
    transitions={
        ("planned", "in_progress"): IMPLEMENTER,
        ("in_progress", "done"): IMPLEMENTER,
        ("in_progress", "delayed"): IMPLEMENTER,
        ("delayed", "in_progress"): IMPLEMENTER,
        ("planned", "cancelled"): SECRETARIAT,
        ("in_progress", "cancelled"): SECRETARIAT,
        ("delayed", "cancelled"): SECRETARIAT,
    },
    terminal=("done", "cancelled"),
)

# A cooperation programme (docs/sco-facts.md §4): the RATS Council approves the draft, then the CHS; each year
# the RATS Council reviews implementation and the CHS approves its annual report, after which the next
# year starts or, after the last year's report, the programme is completed. Councils' decisions are
# recorded by the Secretariat; the implementers submit the report.
PROGRAMME = Workflow.of(
    "programme",
    states=(
        "draft",
        "approved_by_rats_council",
        "approved_by_chs",
        "in_implementation",
        "report_submitted",
        "report_reviewed_by_rats_council",
        "report_approved_by_chs",
        "completed",
    ),
    initial="draft",
    transitions={
        ("draft", "approved_by_rats_council"): SECRETARIAT,
        ("approved_by_rats_council", "approved_by_chs"): SECRETARIAT,
        ("approved_by_chs", "in_implementation"): SECRETARIAT,
        ("in_implementation", "report_submitted"): IMPLEMENTER,
        ("report_submitted", "report_reviewed_by_rats_council"): SECRETARIAT,
        ("report_reviewed_by_rats_council", "report_approved_by_chs"): SECRETARIAT,
        ("report_approved_by_chs", "in_implementation"): SECRETARIAT,
        ("report_approved_by_chs", "completed"): SECRETARIAT,
    },
    terminal=("completed",),
)

import pytest
from freezegun import freeze_time

from accord.negotiations import actions


@pytest.fixture
def frozen():
    with freeze_time("2024-03-01 09:00:00") as f:
        yield f


@pytest.fixture
def make_draft(sco, frozen):
    """make_draft(n=3, restricted=False, **kw): a CHS draft in negotiation with PP1 (A/B) and OP1..n-1 (A/B/delete)."""

    def make(n=3, restricted=False, **kw):
        draft = actions.create_draft(
            None, sco, body="CHS", title="Test declaration", kind="declaration", restricted=restricted, **kw
        )
        actions.add_provision(
            None,
            draft,
            kind="PP",
            options=[
                {"text": "Recalling the Charter", "proposed_by": "KZ"},
                {"text": "Guided by the Charter", "proposed_by": "CN"},
            ],
        )
        for i in range(n - 1):
            actions.add_provision(
                None,
                draft,
                kind="OP",
                options=[
                    {"text": f"Operative text {i} A", "proposed_by": "RU"},
                    {"text": f"Operative text {i} B"},
                    {"delete": True, "proposed_by": "IN"},
                ],
            )
        return actions.open_negotiation(None, draft)

    return make


def stance(draft, state, label, option, kind, reason="", unless=()):
    return actions.set_stance(
        None, draft, state, actions.StanceInput(label, option, kind, reason, tuple(unless))
    )


def authenticate(draft, languages=("ru", "zh")):
    """Verified versions of the title and every live option in the official languages, written and
    verified by the system (the language service's work), so the draft may be adopted (issue 13)."""
    from accord.negotiations import parallel

    for row in parallel.rows(draft, statements=False):
        for lang in languages:
            actions.write_version(None, draft, row.key, lang, f"{row.texts['en']} [{lang}]")
        for lang in languages:
            actions.verify_version(None, draft, row.key, lang)
    return draft

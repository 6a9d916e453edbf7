"""Demo negotiations: a draft Astana Declaration for the CHS of 4 Jul 2024 with brackets and the stances
of all ten states, and a CHS decision under a silence procedure.

All wording is written for the demo (illustrative), not the text of the real declaration. On the demo date
(10 Jun 2024) Belarus is still an observer, so its recorded stances do not count until 4 Jul 2024: the
map uses the members on the draft's date.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from accord.base import clock
from accord.base.demo import DemoContext
from accord.orgs.models import Session

from . import actions, parallel
from .models import Draft

NOTE = "Wording written for the demo (illustrative), not the adopted text."
DECLARATION = "Astana Declaration of the Council of Heads of State (draft)"
FINANCE = "CHS decision on mechanisms of financial support for SCO project activities (draft)"

# (kind, options: list of (text, proposer) or "DELETE"); every text illustrative.
PROVISIONS = [
    (
        "PP",
        [("Meeting in Astana on 4 July 2024 under the chairmanship of the Republic of Kazakhstan,", "KZ")],
    ),
    (
        "PP",
        [
            ("Guided by the Charter of the Shanghai Cooperation Organisation,", "RU"),
            ("Reaffirming their commitment to the purposes and principles of the Charter,", "CN"),
        ],
    ),
    ("PP", [("Noting the growing interdependence of the region's economies,", "KZ")]),
    (
        "PP",
        [
            ("Welcoming the Republic of Belarus as a member state,", "KZ"),
            ("Welcoming the accession of the Republic of Belarus,", "RU"),
        ],
    ),
    ("PP", [("Recognising the central role of connectivity for shared prosperity,", "CN"), "DELETE"]),
    ("PP", [("Concerned by the threats of terrorism, separatism and extremism,", "TJ")]),
    (
        "OP",
        [
            (
                "The member states approve the Programme of Cooperation in Countering Terrorism, "
                "Separatism and Extremism for 2025-2027.",
                "KZ",
            )
        ],
    ),
    (
        "OP",
        [
            ("They support the initiative of a unified SCO investment fund.", "KZ"),
            ("They agree to study the establishment of SCO financing mechanisms.", "RU"),
            "DELETE",
        ],
    ),
    (
        "OP",
        [
            ("They endorse the Belt and Road Initiative as a platform for cooperation.", "CN"),
            (
                "They note the efforts to align national development strategies and integration projects.",
                "IN",
            ),
        ],
    ),
    ("OP", [("They call for the reform of the Organisation's working methods.", "UZ")]),
    ("OP", [("They welcome the AIFC as a platform for SCO regional projects.", "KZ"), "DELETE"]),
    ("OP", [("They will strengthen cooperation in energy, including renewable sources.", "KG")]),
    (
        "OP",
        [
            ("They reject unilateral sanctions not authorised by the UN Security Council.", "RU"),
            ("They oppose unilateral coercive measures contrary to international law.", "IR"),
        ],
    ),
    ("OP", [("They support transport corridors through Central Asia.", "KZ")]),
    (
        "OP",
        [
            ("They will develop digital cooperation and artificial intelligence governance.", "CN"),
            ("They will develop digital cooperation.", "IN"),
        ],
    ),
    ("OP", [("They declare 2025 the SCO Year of Sustainable Development.", "CN"), "DELETE"]),
    ("OP", [("They support the cultural and humanitarian ties between their peoples.", "TJ")]),
    ("OP", [("They welcome the accession of new dialogue partners.", "KZ")]),
    (
        "OP",
        [
            ("They express support for the Kyrgyz chairmanship in 2025-2026.", "KG"),
            ("They express support for the Chinese chairmanship in 2024-2025.", "CN"),
        ],
    ),
    ("OP", [("The next meeting of the Council of Heads of State will be held in China in 2025.", "CN")]),
]

# (state, provision, option, stance, reason, unless) for all ten states (BY's count from 4 Jul 2024).
# Stated on the first round's text, then moved in the second (the stance history and the comparison of
# rounds show the moves).
FIRST_ROUND_STANCES = [
    ("IN", "PP5", "A", "object", "The connectivity wording goes too far", ()),
    ("RU", "OP2", "A", "reserve", "Needs consultation in Moscow", ()),
    ("CN", "OP3", "B", "object", "Too weak", ()),
    ("KG", "OP10", "B", "reserve", "", ()),
]

STANCES = [
    ("KZ", "OP2", "A", "support", "Chairmanship priority", ()),
    ("RU", "OP2", "A", "object", "Premature", ()),
    ("RU", "OP2", "B", "support", "", ()),
    ("CN", "OP2", "B", "accept", "", ()),
    ("IN", "OP3", "A", "object", "India does not endorse the Belt and Road Initiative", ()),
    ("CN", "OP3", "B", "object", "Too weak", (("PP5", "A"),)),
    ("PK", "OP3", "A", "support", "", ()),
    ("RU", "OP3", "A", "support", "", ()),
    ("IN", "PP5", "A", "reserve", "Awaiting instructions", ()),
    ("KZ", "OP5", "A", "support", "", ()),
    ("IR", "OP7", "A", "support", "", ()),
    ("IN", "OP7", "A", "dissociate", "India's position on sanctions is on record", ()),
    ("RU", "OP7", "B", "accept", "", ()),
    ("CN", "OP9", "A", "support", "", ()),
    ("IN", "OP9", "A", "object", "AI governance belongs elsewhere", ()),
    ("KG", "OP10", "B", "object", "", ()),
    ("UZ", "OP10", "A", "dissociate", "", ()),
    ("CN", "OP13", "A", "object", "China chairs 2024-25", ()),
    ("KG", "OP13", "B", "accept", "", ()),
    ("TJ", "PP6", "A", "support", "", ()),
    ("BY", "PP4", "B", "support", "Belarus prefers 'accession'", ()),
    ("BY", "OP8", "A", "support", "", ()),
    ("KZ", "PP1", "A", "support", "", ()),
    ("UZ", "OP4", "A", "support", "", ()),
    ("PK", "OP8", "A", "support", "", ()),
    ("IR", "OP6", "A", "accept", "", ()),
    ("TJ", "OP11", "A", "support", "", ()),
    ("KG", "OP6", "A", "support", "", ()),
]

FINANCE_TEXT = [
    ("PP", [("Seeking to give SCO regional projects a reliable source of financing,", "KZ")]),
    (
        "OP",
        [
            (
                "The member states instruct the Secretariat to prepare proposals on financing mechanisms for "
                "SCO project activities.",
                "KZ",
            )
        ],
    ),
    ("OP", [("They invite the SCO Interbank Consortium to take part in this work.", "RU")]),
]


# The Russian and Chinese versions, keyed by the English text: written for the demo (illustrative) by the
# product's authors, not texts of the SCO. The language service verifies them in load().
VERSIONS = {
    FINANCE: {
        "ru": "Решение СГГ о механизмах финансового обеспечения проектной деятельности ШОС (проект)",
        "zh": "成员国元首理事会关于上合组织项目活动资金保障机制的决议（草案）",
    },
    "Seeking to give SCO regional projects a reliable source of financing,": {
        "ru": "Стремясь обеспечить региональные проекты ШОС надёжным источником финансирования,",
        "zh": "致力于为上合组织区域项目提供可靠的资金来源，",
    },
    "The member states instruct the Secretariat to prepare proposals on financing mechanisms for "
    "SCO project activities.": {
        "ru": "Государства-члены поручают Секретариату подготовить предложения о механизмах финансирования "
        "проектной деятельности ШОС.",
        "zh": "成员国责成秘书处就上合组织项目活动的融资机制提出建议。",
    },
    "They invite the SCO Interbank Consortium to take part in this work.": {
        "ru": "Они предлагают Межбанковскому объединению ШОС принять участие в этой работе.",
        "zh": "成员国邀请上合组织银行联合体参与这项工作。",
    },
}

# A decision adopted in session at the CHS in New Delhi (4 Jul 2023), recorded in the demo with its verified
# Russian and Chinese texts: every wording written for the demo (illustrative).
REPORT = (
    "CHS decision on the report of the Secretary-General on the work of the SCO over the past year (draft)"
)
REPORT_TEXT = [
    (
        "PP",
        [
            (
                "Having considered the report of the Secretary-General on the work of the Shanghai "
                "Cooperation Organisation over the past year,",
                "IN",
            )
        ],
    ),
    ("OP", [("The Council of Heads of State takes note of the report of the Secretary-General.", "IN")]),
    (
        "OP",
        [("The member states instruct the Secretariat to present the next report within 12 months.", "KZ")],
    ),
]
VERSIONS.update(
    {
        REPORT: {
            "ru": "Решение СГГ о докладе Генерального секретаря о деятельности ШОС за прошедший год (проект)",
            "zh": "成员国元首理事会关于秘书长上合组织过去一年工作报告的决议（草案）",
        },
        REPORT_TEXT[0][1][0][0]: {
            "ru": "Рассмотрев доклад Генерального секретаря о деятельности Шанхайской организации "
            "сотрудничества за прошедший год,",
            "zh": "审议了秘书长关于上海合作组织过去一年工作的报告，",
        },
        REPORT_TEXT[1][1][0][0]: {
            "ru": "Совет глав государств-членов принимает к сведению доклад Генерального секретаря.",
            "zh": "成员国元首理事会注意到秘书长的报告。",
        },
        REPORT_TEXT[2][1][0][0]: {
            "ru": "Государства-члены поручают Секретариату представить следующий доклад "
            "в течение 12 месяцев.",
            "zh": "成员国责成秘书处在12个月内提交下次报告。",
        },
    }
)


def _versions(draft: Draft) -> None:
    """Every text of the draft in Russian and Chinese (VERSIONS), written and verified."""
    rows = parallel.rows(draft, statements=False)
    for row in rows:
        for lang, text in VERSIONS.get(row.texts[parallel.WORKING], {}).items():
            actions.write_version(None, draft, row.key, lang, text)
    for row in rows:
        for lang in VERSIONS.get(row.texts[parallel.WORKING], {}):
            actions.verify_version(None, draft, row.key, lang)


def load(ctx: DemoContext) -> None:
    if Draft.objects.filter(organisation=ctx.org, title=DECLARATION).exists():
        return  # idempotent: the demo negotiation is loaded once
    summit = Session.objects.filter(organisation=ctx.org, body__code="CHS", year=2024).first()
    draft = actions.create_draft(
        None, ctx.org, body="CHS", kind="declaration", title=DECLARATION, session=summit, note=NOTE
    )
    _text(draft, PROVISIONS)
    actions.open_negotiation(None, draft)
    for state, label, option, kind, reason, unless in FIRST_ROUND_STANCES:
        actions.set_stance(None, draft, state, actions.StanceInput(label, option, kind, reason, unless))
    draft = actions.new_round(None, draft)
    op5 = draft.provisions.get(kind="OP", number=5).options.get(letter="A")
    actions.edit_option(
        None,
        op5,
        "They welcome the Astana International Financial Centre (AIFC) as a platform "
        "for SCO regional projects.",
    )
    for state, label, option, kind, reason, unless in STANCES:
        actions.set_stance(None, draft, state, actions.StanceInput(label, option, kind, reason, unless))
    actions.post_comment(None, draft, "MN", "Mongolia welcomes OP8 on transport corridors.", "OP8")

    finance = actions.create_draft(
        None, ctx.org, body="CHS", kind="decision", title=FINANCE, session=summit, restricted=True, note=NOTE
    )
    _text(finance, FINANCE_TEXT)
    actions.open_negotiation(None, finance)
    _versions(finance)
    actions.set_stance(
        None, finance, "KZ", actions.StanceInput("OP1", "A", "support", "Chairmanship priority")
    )
    zone = ZoneInfo("Asia/Almaty")
    deadline = datetime(2024, 6, 14, 18, 0, tzinfo=zone)
    if deadline < clock.now() + timedelta(hours=73):  # the demo run without the shifted clock
        deadline = (
            (clock.now() + timedelta(days=4)).astimezone(zone).replace(minute=0, second=0, microsecond=0)
        )
    actions.open_silence(None, finance, deadline=deadline, timezone="Asia/Almaty")

    actions.load_terms(None, ctx.org)
    delhi = Session.objects.filter(organisation=ctx.org, body__code="CHS", year=2023).first()
    report = actions.create_draft(
        None, ctx.org, body="CHS", kind="decision", title=REPORT, session=delhi, note=NOTE
    )
    _text(report, REPORT_TEXT)
    actions.open_negotiation(None, report)
    for state in ("IN", "KZ", "CN", "RU"):
        for label in ("PP1", "OP1", "OP2"):
            actions.set_stance(None, report, state, actions.StanceInput(label, "A", "support", ""))
    _versions(report)
    actions.adopt(None, report, session=delhi, day=date(2023, 7, 4))


def _text(draft: Draft, provisions) -> None:
    for kind, options in provisions:
        actions.add_provision(
            None,
            draft,
            kind=kind,
            options=[
                {"delete": True} if o == "DELETE" else {"text": o[0], "proposed_by": o[1]} for o in options
            ],
        )

import pytest
from freezegun import freeze_time

from accord.base.demo import DemoContext
from accord.negotiations import demo, queries
from accord.negotiations.models import Draft, SilenceProcedure, Stance

pytestmark = pytest.mark.django_db


@freeze_time("2024-06-10 06:00:00")
def test_demo_loads_idempotently(sco):
    from accord.orgs import demo as orgs_demo

    ctx = DemoContext(org=sco)
    orgs_demo.load(ctx)
    demo.load(ctx)
    demo.load(ctx)
    assert Draft.objects.count() == 3 and SilenceProcedure.objects.count() == 1
    declaration = Draft.objects.get(title=demo.DECLARATION)
    assert declaration.session.year == 2024 and declaration.provisions.count() == 20
    assert Stance.objects.filter(draft=declaration).values("state").distinct().count() == 10
    text = queries.text_of(declaration)
    assert "BY" not in text.member_codes and len(text.member_codes) == 9
    assert queries.consensus_map(text).status == "blocked"
    proc = SilenceProcedure.objects.get()
    assert proc.timezone == "Asia/Almaty" and proc.deadline.isoformat() == "2024-06-14T13:00:00+00:00"


@freeze_time("2024-06-10 06:00:00")
def test_demo_has_an_adopted_decision_with_verified_russian_and_chinese_texts(sco):
    from accord.negotiations import exports
    from accord.negotiations.models import Term
    from accord.orgs import demo as orgs_demo

    ctx = DemoContext(org=sco)
    orgs_demo.load(ctx)
    demo.load(ctx)
    report = Draft.objects.get(title=demo.REPORT)
    adoption = report.adoption
    assert report.state == "adopted" and adoption.authentic == ["ru", "zh"]
    assert adoption.number == "CHS-2023-1" and adoption.session.year == 2023
    assert set(report.text_versions.values_list("language", "status")) == {
        ("ru", "verified"),
        ("zh", "verified"),
    }
    assert Term.objects.filter(organisation=sco).count() >= 10
    zh = exports.akoma_ntoso(adoption, "zh")
    assert "成员国元首理事会注意到秘书长的报告。" in zh and "note_illustrative" in zh
    # The demo's versions agree with the English text: no alignment or terminology warning.
    from accord.negotiations import parallel

    assert [r.warnings for r in parallel.rows(report)] == [[] for _ in parallel.rows(report)]

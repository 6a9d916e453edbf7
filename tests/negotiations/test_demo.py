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
    assert Draft.objects.count() == 2 and SilenceProcedure.objects.count() == 1
    declaration = Draft.objects.get(title=demo.DECLARATION)
    assert declaration.session.year == 2024 and declaration.provisions.count() == 20
    assert Stance.objects.filter(draft=declaration).values("state").distinct().count() == 10
    text = queries.text_of(declaration)
    assert "BY" not in text.member_codes and len(text.member_codes) == 9
    assert queries.consensus_map(text).status == "blocked"
    proc = SilenceProcedure.objects.get()
    assert proc.timezone == "Asia/Almaty" and proc.deadline.isoformat() == "2024-06-14T13:00:00+00:00"

from io import StringIO

from django.core.management import call_command

from cases.models import Case, Person, Referral, ReferralTransition
from community.models import CommunityAction, Meeting, Table
from territory.models import Organisation


def test_the_large_data_set_loads_at_a_small_scale(db, debug):
    """The same code that loads 100,000 people on PostgreSQL, at a thousandth of the volume."""
    out, progress = StringIO(), StringIO()
    call_command("seed_demo", "--size", "large", "--scale", "0.001", stdout=out, stderr=progress)

    assert Person.objects.count() == 10 + 100
    assert Case.objects.count() == 10 + 150
    assert Referral.objects.count() == 13 + 300
    assert CommunityAction.objects.count() >= 200
    assert Organisation.objects.count() == 40 + 5
    assert Table.objects.count() == 3 + 2
    assert (
        Meeting.objects.filter(table__name__startswith="Tavolo ")
        .exclude(minutes_status__in=["draft", "in_review", "approved", "sent"])
        .count()
        == 0
    )
    # Every referral past draft has its steps, so the indicators see it.
    sent = Referral.objects.exclude(status="draft")
    assert ReferralTransition.objects.filter(referral__in=sent, to_status="sent").count() == sent.count()
    assert "16/16" in progress.getvalue()
    assert "Large data loaded" in out.getvalue()

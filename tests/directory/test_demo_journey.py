"""Done means: with no login, a citizen finds the after-school activities for a 12-year-old in a quartiere
of the demo, and an external directory pulls the same record from the HSDS API."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from territory.models import Area, Opportunity, TargetGroup


def test_demo_after_school_for_a_12_year_old_in_mazzo(client, db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False
    assert Opportunity.objects.published().count() >= 4
    assert Opportunity.objects.exclude(published=True).exists()  # not everything is published
    mazzo = Area.objects.get(name="Mazzo")
    response = client.get(
        reverse("directory:list"),
        {"area": mazzo.pk, "age": 12, "target_group": TargetGroup.objects.get(code="adolescents").pk},
    )
    titles = [opportunity.title for opportunity in response.context["page"]]
    assert "Doposcuola medie Mazzo" in titles
    assert response.context["map_data"]["markers"]
    found = Opportunity.objects.get(title="Doposcuola medie Mazzo")
    services = client.get(reverse("hsds:services"), {"per_page": 200}).json()["contents"]
    assert str(found.uuid) in {service["id"] for service in services}
    unpublished = set(Opportunity.objects.exclude(published=True).values_list("title", flat=True))
    assert not unpublished & {service["name"] for service in services}

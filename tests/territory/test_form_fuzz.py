"""Whatever people type in the organisation form, the answer is a page, never a server error."""

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from territory.models import Organisation

text = st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=text, fiscal_code=text, latitude=text, longitude=text, postcode=text, website=text)
def test_the_organisation_form_never_crashes(worker_client, name, fiscal_code, latitude, longitude, postcode, website):
    before = Organisation.objects.count()
    response = worker_client.post(
        reverse("territory:organisation_create"),
        {
            "name": name,
            "kind": "odv",
            "fiscal_code": fiscal_code,
            "latitude": latitude,
            "longitude": longitude,
            "postcode": postcode,
            "website": website,
        },  # fmt: skip
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Organisation.objects.count() == before

"""What keeps the list pages cheap (issue 20): labels translated once, URLs from a pattern, a plain filter form."""

import re
from contextlib import contextmanager
from unittest import mock

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse, set_script_prefix
from django.utils import translation

from cases.choices import CaseStatus, NeedLevel
from cases.filters import CaseFilter
from cases.models import Case, CaseNeed
from community.filters import CommunityActionFilter
from community.models import CommunityAction
from core import models as core_models
from core.templatetags.filter_fields import filter_field
from territory.filters import OrganisationFilter
from territory.models import Organisation, TargetGroup
from tests.factories import (
    CaseFactory,
    CommunityActionFactory,
    OpportunityFactory,
    OrganisationFactory,
    poverty_dimension,
)

CASES = reverse("cases:case_list")
ORGANISATIONS = reverse("territory:organisation_list")


@contextmanager
def counted_translations():
    """Counts the catalogue lookups (gettext) made inside the block."""
    original = translation._trans.gettext
    calls = []

    def counting(message):
        calls.append(message)
        return original(message)

    with mock.patch.object(translation._trans, "gettext", counting):
        yield calls


def test_choice_labels_are_djangos_in_the_active_language(db):
    organisation = OrganisationFactory(kind="odv")
    group = TargetGroup.objects.get(code="families")
    with translation.override("it"):
        assert organisation.get_kind_display() == "Organizzazione di volontariato (ODV)"
        assert str(group) == "Famiglie"
    with translation.override("en"):
        assert organisation.get_kind_display() == "Voluntary organisation (ODV)"
        assert str(group) == "Families"
    # A value outside the choices answers itself, as Django does.
    assert Organisation(kind="nope").get_kind_display() == "nope"
    assert CaseNeed(level=9).get_level_display() == 9


def test_a_label_is_translated_once_per_language(db):
    need = CaseNeed(dimension=poverty_dimension("material"), level=NeedLevel.HIGH)
    with translation.override("it"):
        str(need), Case(status=CaseStatus.OPEN).get_status_display()
        with counted_translations() as calls:
            for _ in range(20):
                assert str(need) == "Materiale: Alto"
                assert Case(status=CaseStatus.OPEN).get_status_display() == "Aperto"
    assert calls == []


def add_rows(worker, rows):
    for _ in range(rows):
        case = CaseFactory(person__team=worker.team, responsible=worker)
        CaseNeed.objects.create(case=case, dimension=poverty_dimension("relational"), level=NeedLevel.MEDIUM)
        OrganisationFactory(target_groups=["families", "elderly"], poverty_dimensions=["material"])


def translations_per_list(client) -> dict:
    counted = {}
    for url in (CASES, ORGANISATIONS):
        with counted_translations() as calls:
            assert client.get(url).status_code == 200
        counted[url] = len(calls)
    return counted


def test_the_lists_translate_as_much_whatever_the_rows(worker_client, worker):
    add_rows(worker, 2)
    translations_per_list(worker_client)  # the labels' first translation
    with_two = translations_per_list(worker_client)
    add_rows(worker, 10)
    assert translations_per_list(worker_client) == with_two


def test_detail_urls_are_those_reverse_gives(db):
    case = CaseFactory()
    organisation = OrganisationFactory()
    opportunity = OpportunityFactory()
    action = CommunityActionFactory()
    assert action.get_absolute_url() == reverse("community:action_detail", args=[action.pk])
    assert case.get_absolute_url() == reverse("cases:case_detail", args=[case.pk])
    assert case.person.get_absolute_url() == reverse("cases:person_detail", args=[case.person.pk])
    assert organisation.get_absolute_url() == reverse("territory:organisation_detail", args=[organisation.pk])
    assert opportunity.get_absolute_url() == reverse("territory:opportunity_detail", args=[opportunity.pk])
    try:
        set_script_prefix("/rete/")
        assert organisation.get_absolute_url().startswith("/rete/")
        assert organisation.get_absolute_url() == reverse("territory:organisation_detail", args=[organisation.pk])
    finally:
        set_script_prefix("/")
    assert organisation.get_absolute_url() == reverse("territory:organisation_detail", args=[organisation.pk])


def test_a_list_resolves_each_detail_url_once(worker_client, worker):
    for _ in range(5):
        CaseFactory(person__team=worker.team, responsible=worker)
    core_models._pk_url_parts.clear()
    with mock.patch.object(core_models, "reverse", wraps=reverse) as reversing:
        response = worker_client.get(CASES)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 5
    assert [c.args[0] for c in reversing.call_args_list] == ["cases:case_detail"]


def test_the_page_is_read_in_the_view(worker_client, worker):
    CaseFactory(person__team=worker.team, responsible=worker)
    OrganisationFactory()
    for url in (CASES, ORGANISATIONS):
        assert isinstance(worker_client.get(url).context["page"].object_list, list)


def _normalised(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).replace(" >", ">").replace("> ", ">").replace(" <", "<")


@pytest.mark.parametrize(
    ("filterset", "model", "data"),
    [
        (CaseFilter, Case, {"q": "Rossi", "status": "wrong", "mine": "true"}),
        (OrganisationFilter, Organisation, {"kind": "wrong", "active": "true", "target_group": "1"}),
        (CommunityActionFilter, CommunityAction, {"month": "2026-13", "q": "orti"}),
    ],
)
def test_the_filter_form_is_drawn_as_crispy_drew_it(worker, filterset, model, data):
    """Same ids, names, classes, errors and aria attributes as crispy's bootstrap5 `as_crispy_field`."""
    request = RequestFactory().get("/", data)
    request.user = worker
    crispy = Template("{% load crispy_forms_tags %}{{ field|as_crispy_field }}")
    with translation.override("it"):
        form = filterset(data, queryset=model.objects.all(), request=request).form
        drawn = {field.name: _normalised(filter_field(field)) for field in form}
        # crispy adds its classes to the widget itself: draw ours first, on a fresh form.
        for field in form:
            assert drawn[field.name] == _normalised(crispy.render(Context({"field": field}))), field.name
    invalid = {CaseFilter: "status", OrganisationFilter: "kind", CommunityActionFilter: "month"}[filterset]
    assert f'aria-invalid="true" aria-describedby="id_{invalid}_error"' in drawn[invalid]

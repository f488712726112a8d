"""The personal-data inventory covers every model and field, each with a retention (issue 10 point 11)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import models
from django.test.utils import isolate_apps

from cases.models import JointPlan
from core import personal_data


def test_every_field_of_every_model_is_classified_with_a_retention():
    assert personal_data.problems(personal_data.inventoried_models()) == []


def test_the_walk_covers_our_apps_and_the_declared_third_party_models():
    labels = {model._meta.label for model in personal_data.inventoried_models()}
    assert {"cases.JointPlan", "cases.PlanPartner", "outbox.Email", "audit.AuditEvent"} <= labels
    assert {"accounts.User", "sessions.Session", "axes.AccessAttempt", "admin.LogEntry"} <= labels
    # Django's own tables without personal data stay out.
    assert "contenttypes.ContentType" not in labels


@pytest.fixture
def diagnosis_on_joint_plan():
    """A personal field added to JointPlan and taken away again after the test."""
    field = models.TextField("diagnosis", blank=True)
    field.contribute_to_class(JointPlan, "diagnosis")
    yield field
    JointPlan._meta.local_fields.remove(field)
    JointPlan._meta._expire_cache()
    delattr(JointPlan, "diagnosis")


def test_a_new_field_on_joint_plan_without_a_classification_fails(diagnosis_on_joint_plan):
    assert personal_data.problems(personal_data.inventoried_models()) == ["cases.JointPlan.diagnosis: not classified"]


def test_the_throwaway_field_is_gone_again():
    assert "diagnosis" not in {f.name for f in JointPlan._meta.get_fields()}


@isolate_apps("core")
def test_an_unregistered_model_a_field_without_retention_and_a_stale_name_fail():
    class Visit(models.Model):
        person_name = models.CharField(max_length=80)
        notes = models.TextField()

        class Meta:
            app_label = "core"

        def __str__(self):
            return self.person_name

    class Leftover(models.Model):
        class Meta:
            app_label = "core"

        def __str__(self):
            return str(self.pk)

    personal_data.register(
        Visit,
        fields={"id": None, "person_name": personal_data.IDENTIFYING, "notes": personal_data.SPECIAL, "room": None},
        field_retention={"id": "-", "person_name": personal_data.UNTIL_ANONYMISED},
    )
    try:
        assert personal_data.problems([Visit, Leftover]) == [
            "core.Visit.room: classified but no such field",
            "core.Visit.notes: no retention tag",
            "core.Leftover: not in the personal-data inventory",
        ]
    finally:
        personal_data._inventory.pop("core.visit")


def test_the_inventory_command_lists_personal_fields(db):
    out = StringIO()
    call_command("personal_data_inventory", stdout=out)
    assert "`fiscal_code`" in out.getvalue()


def test_the_command_prints_each_personal_field_with_its_retention(db):
    out = StringIO()
    call_command("personal_data_inventory", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "| model | field | category | retention |"
    plan_title = next(line for line in lines if "(`title`)" in line and "RETENTION_YEARS" in line)
    assert plan_title.count("|") == 5
    assert any("`session_data`" in line and "SESSION_COOKIE_AGE" in line for line in lines)
    # Fields that are not personal are not listed.
    assert not any("`version`" in line for line in lines)

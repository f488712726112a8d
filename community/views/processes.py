from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.access import get_visible_or_404
from community import process as story
from community.forms import (
    DedicationChangeForm,
    KnowledgeActionForm,
    MappingForm,
    MeasurementChangeForm,
    MeasurementForm,
    ObjectiveEvaluationForm,
    PartnerChangeForm,
    PhaseForm,
    PhaseUpdateForm,
    ProcessForm,
    ProcessObjectiveForm,
    ProcessPartnerForm,
    ProcessWorkerForm,
    RemoveForm,
    VisionForm,
)
from community.models import CommunityProcess, KnowledgeAction, ProcessObjective, ProcessPhase
from core.concurrency import StaleRecord
from core.forms import model_data
from documents.models import Document
from documents.views import section as documents_section

# The forms of the process page, each built for its process (and the posted data, when there is some).
SUB_FORMS = {
    "phase": lambda process, data=None: PhaseForm(data, instance=ProcessPhase(process=process)),
    "objective": lambda process, data=None: ProcessObjectiveForm(data, instance=ProcessObjective(process=process)),
    "knowledge": lambda process, data=None: KnowledgeActionForm(data, instance=KnowledgeAction(process=process)),
    "worker": lambda process, data=None: ProcessWorkerForm(data),
    "partner": lambda process, data=None: ProcessPartnerForm(data),
    "vision": lambda process, data=None: VisionForm(data, instance=story.VisionVersion(process=process)),
    "measurement": lambda process, data=None: MeasurementForm(data, process=process),
    "mapping": lambda process, data=None: MappingForm(
        data,
        initial={
            "organisations": [o.pk for o in process.mapped_organisations.all()],
            "opportunities": [o.pk for o in process.mapped_opportunities.all()],
        },
    ),
}

# What each form, once valid, asks of the services (phases, objectives and knowledge actions are single rows).
SAVERS = {
    "phase": lambda process, form, user: form.save(),
    "objective": lambda process, form, user: form.save(),
    "knowledge": lambda process, form, user: form.save(),
    "worker": lambda process, form, user: story.dedicate_worker(process=process, **model_data(form)),
    "partner": lambda process, form, user: story.add_partner(process=process, **model_data(form)),
    "vision": lambda process, form, user: story.agree_vision(process=process, actor=user, **model_data(form)),
    "measurement": lambda process, form, user: story.record_measurement(actor=user, **form.cleaned_data),
    "mapping": lambda process, form, user: story.map_resources(process=process, **form.cleaned_data),
}


@dataclass(frozen=True)
class EditablePart:
    """A row of the process's story that can be changed or removed, with the services that do it."""

    rows: Callable  # process -> the rows of this kind belonging to the process
    form: type
    change: Callable  # (row, form, user) -> row
    remove: Callable  # (row, version) -> None
    title: str


EDITABLE = {
    "worker": EditablePart(
        rows=lambda process: story.ProcessWorker.objects.filter(process=process).select_related("worker"),
        form=DedicationChangeForm,
        change=lambda row, form, user: story.change_dedication(
            dedication=row, version=form.version_seen, **model_data(form)
        ),
        remove=lambda row, version: story.end_dedication(dedication=row, version=version),
        title=gettext_lazy("Dedicated worker: %(row)s"),
    ),
    "partner": EditablePart(
        rows=lambda process: story.ProcessPartner.objects.filter(process=process).select_related("organisation"),
        form=PartnerChangeForm,
        change=lambda row, form, user: story.change_partner(
            partnership=row, version=form.version_seen, **model_data(form)
        ),
        remove=lambda row, version: story.remove_partner(partnership=row, version=version),
        title=gettext_lazy("Partner: %(row)s"),
    ),
    "measurement": EditablePart(
        rows=lambda process: story.IndicatorMeasurement.objects.filter(objective__process=process).select_related(
            "objective"
        ),
        form=MeasurementChangeForm,
        change=lambda row, form, user: story.correct_measurement(
            measurement=row, version=form.version_seen, actor=user, **model_data(form)
        ),
        remove=lambda row, version: story.remove_measurement(measurement=row, version=version),
        title=gettext_lazy("Measurement of %(row)s"),
    ),
}


def mapping_map(process: CommunityProcess) -> dict:
    """The mapped organisations and opportunities as markers for static/js/map.js (from the prefetched rows).

    An opportunity is placed at its organisation; organisations without coordinates stay in the list only.
    """
    markers: dict[int, dict] = {}

    def marker(organisation) -> dict | None:
        if organisation.latitude is None:
            return None
        return markers.setdefault(
            organisation.pk,
            {
                "name": organisation.name,
                "kind": str(organisation.get_kind_display()),
                "lat": float(organisation.latitude),
                "lon": float(organisation.longitude),
                "url": organisation.get_absolute_url(),
                "opportunities": [],
            },
        )

    for organisation in process.mapped_organisations.all():
        marker(organisation)
    for opportunity in process.mapped_opportunities.all():
        found = marker(opportunity.organisation)
        if found is not None:
            found["opportunities"].append({"title": opportunity.title, "url": opportunity.get_absolute_url()})
    return {
        "markers": list(markers.values()),
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
    }


def visible_process(request: HttpRequest, pk: int) -> CommunityProcess:
    return get_visible_or_404(request, CommunityProcess.objects.all(), pk=pk)


@require_GET
def process_list(request: HttpRequest) -> HttpResponse:
    processes = CommunityProcess.objects.visible_to(request.user).select_related("community_worker", "area")
    return render(request, "community/process_list.html", {"processes": processes})


def render_process(request: HttpRequest, process: CommunityProcess, **forms) -> HttpResponse:
    """The process as its story: mandate, vision, partners, phases, mapping, knowledge, objectives."""
    process = (
        CommunityProcess.objects.select_related("community_worker", "area", "commissioning_organisation")
        .prefetch_related(
            "phases",
            "objectives__measurements",
            "knowledge_actions__community_action",
            "tables",
            "protocols",
            "dedications__worker",
            "partnerships__organisation",
            "visions__meeting__table",
            "mapped_organisations",
            "mapped_opportunities__organisation",
        )
        .get(pk=process.pk)
    )
    visions = list(process.visions.all())
    knowledge_actions = list(process.knowledge_actions.all())
    documents_of = Document.objects.of_many(knowledge_actions)
    for knowledge in knowledge_actions:
        knowledge.documents = documents_of[knowledge.pk]
    dedications = list(process.dedications.all())
    context = {
        "process": process,
        "vision": visions[0] if visions else None,
        "earlier_visions": visions[1:],
        "dedications": dedications,
        "dedicated_share": sum(d.time_share for d in dedications),
        "documents": documents_section(process, request.user),
        "knowledge_actions": knowledge_actions,
        "may_attach": request.user.has_perm("community.change_communityprocess"),
        "evaluation_reached": story.evaluation_reached(process),
        "map_data": mapping_map(process),
        "failed": next(iter(forms), ""),
    }
    if request.user.has_perm("community.change_communityprocess"):
        context |= {f"{part}_form": forms.get(part) or build(process) for part, build in SUB_FORMS.items()}
    return render(request, "community/process_detail.html", context)


@require_GET
def process_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_process(request, visible_process(request, pk))


@require_http_methods(["GET", "POST"])
@permission_required("community.add_communityprocess", raise_exception=True)
def process_create(request: HttpRequest) -> HttpResponse:
    form = ProcessForm(request.POST or None, initial={"community_worker": request.user.pk})
    if request.method == "POST" and form.is_valid():
        process = form.save()
        messages.success(request, _("Community process “%(title)s” created.") % {"title": process.title})
        return redirect(process)
    return render(request, "community/process_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@permission_required("community.change_communityprocess", raise_exception=True)
def process_update(request: HttpRequest, pk: int) -> HttpResponse:
    process = visible_process(request, pk)
    form = ProcessForm(request.POST or None, instance=process)
    if request.method == "POST" and form.is_valid() and form.save_unless_stale():
        messages.success(request, _("Community process “%(title)s” saved.") % {"title": process.title})
        return redirect(process)
    return render(request, "community/process_form.html", {"form": form, "process": process})


@require_POST
@permission_required("community.change_communityprocess", raise_exception=True)
def process_part_add(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    """Add a part of the process's story: a phase, an objective, a measurement, a partner, a vision…"""
    if part not in SUB_FORMS:
        raise Http404
    process = visible_process(request, pk)
    form = SUB_FORMS[part](process, request.POST)
    if form.is_valid():
        try:
            SAVERS[part](process, form, request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Added to the process."))
            return redirect(process)
    return render_process(request, process, **{part: form})


@require_http_methods(["GET", "POST"])
@permission_required("community.change_communityprocess", raise_exception=True)
def phase_update(request: HttpRequest, pk: int, phase_pk: int) -> HttpResponse:
    """Say how a phase is going: its status and actual dates (or a changed plan)."""
    process = visible_process(request, pk)
    phase = get_visible_or_404(request, ProcessPhase.objects.filter(process=process), pk=phase_pk)
    form = PhaseUpdateForm(request.POST or None, instance=phase)
    if request.method == "POST" and form.is_valid():
        try:
            story.update_phase(phase=phase, **model_data(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Phase “%(phase)s” saved.") % {"phase": phase})
            return redirect(process)
    return render(request, "community/process_phase_form.html", {"form": form, "process": process, "phase": phase})


def _editable_row(request: HttpRequest, pk: int, part: str, row_pk: int):
    if part not in EDITABLE:
        raise Http404
    process = visible_process(request, pk)
    return process, get_visible_or_404(request, EDITABLE[part].rows(process), pk=row_pk)


def _row_title(part: str, row) -> str:
    return EDITABLE[part].title % {"row": row.objective if part == "measurement" else row}


@require_http_methods(["GET", "POST"])
@permission_required("community.change_communityprocess", raise_exception=True)
def process_part_change(request: HttpRequest, pk: int, part: str, row_pk: int) -> HttpResponse:
    """Change a dedicated worker's share, a partner's responsibilities or a measured value."""
    process, row = _editable_row(request, pk, part, row_pk)
    form = EDITABLE[part].form(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            EDITABLE[part].change(row, form, request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved in the process."))
            return redirect(process)
    context = {
        "form": form,
        "process": process,
        "title": _row_title(part, row),
        "remove_form": RemoveForm(initial={"edited_version": row.version}),
        "remove_url": reverse("community:process_part_remove", args=[process.pk, part, row.pk]),
    }
    return render(request, "community/process_part_change.html", context)


@require_POST
@permission_required("community.change_communityprocess", raise_exception=True)
def process_part_remove(request: HttpRequest, pk: int, part: str, row_pk: int) -> HttpResponse:
    """Remove a dedicated worker, a partner or a measurement, as seen in the version the user had."""
    process, row = _editable_row(request, pk, part, row_pk)
    form = RemoveForm(request.POST)
    title = _row_title(part, row)
    if form.is_valid():
        try:
            EDITABLE[part].remove(row, form.cleaned_data["edited_version"])
        except StaleRecord as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Removed from the process: %(row)s.") % {"row": title})
            return redirect(process)
    else:
        form.add_error(None, _("The form was incomplete: open the page again and repeat the removal."))
    context = {
        "form": EDITABLE[part].form(instance=row),
        "process": process,
        "title": title,
        "remove_form": form,
        "remove_url": reverse("community:process_part_remove", args=[process.pk, part, row.pk]),
    }
    return render(request, "community/process_part_change.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("community.change_communityprocess", raise_exception=True)
def objective_evaluate(request: HttpRequest, pk: int, objective_pk: int) -> HttpResponse:
    """Check an objective's evaluation criteria: met, partly met or not met, once the evaluation phase began."""
    process = visible_process(request, pk)
    objective = get_visible_or_404(request, ProcessObjective.objects.filter(process=process), pk=objective_pk)
    form = ObjectiveEvaluationForm(request.POST or None, instance=objective)
    if request.method == "POST" and form.is_valid():
        try:
            story.evaluate_objective(objective=objective, **model_data(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Evaluation of “%(objective)s” saved.") % {"objective": objective})
            return redirect(process)
    context = {
        "form": form,
        "process": process,
        "objective": objective,
        "evaluation_reached": story.evaluation_reached(process),
    }
    return render(request, "community/objective_evaluation.html", context)

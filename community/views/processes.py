from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.access import get_visible_or_404
from community import process as story
from community.forms import (
    KnowledgeActionForm,
    MappingForm,
    MeasurementForm,
    PhaseForm,
    PhaseUpdateForm,
    ProcessForm,
    ProcessObjectiveForm,
    ProcessPartnerForm,
    ProcessWorkerForm,
    VisionForm,
)
from community.models import CommunityProcess, KnowledgeAction, ProcessObjective, ProcessPhase
from core.forms import model_data
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
            "knowledge_actions",
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
    dedications = list(process.dedications.all())
    context = {
        "process": process,
        "vision": visions[0] if visions else None,
        "earlier_visions": visions[1:],
        "dedications": dedications,
        "dedicated_share": sum(d.time_share for d in dedications),
        "documents": documents_section(process, request.user),
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

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.access import get_visible_or_404
from community.forms import KnowledgeActionForm, PhaseForm, ProcessForm, ProcessObjectiveForm
from community.models import CommunityProcess
from documents.views import section as documents_section

SUB_FORMS = {"phase_form": PhaseForm, "objective_form": ProcessObjectiveForm, "knowledge_form": KnowledgeActionForm}


def visible_process(request: HttpRequest, pk: int) -> CommunityProcess:
    return get_visible_or_404(request, CommunityProcess.objects.all(), pk=pk)


@require_GET
def process_list(request: HttpRequest) -> HttpResponse:
    processes = CommunityProcess.objects.visible_to(request.user).select_related("community_worker", "area")
    return render(request, "community/process_list.html", {"processes": processes})


def render_process(request: HttpRequest, process: CommunityProcess, **forms) -> HttpResponse:
    process = (
        CommunityProcess.objects.select_related("community_worker", "area")
        .prefetch_related("phases", "objectives", "knowledge_actions", "tables", "protocols")
        .get(pk=process.pk)
    )
    context = {"process": process, "documents": documents_section(process, request.user)} | {
        name: forms.get(name) or form() for name, form in SUB_FORMS.items()
    }
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
    """Add a phase, an objective or a knowledge action to a process."""
    process = visible_process(request, pk)
    form_name = f"{part}_form"
    form_class = SUB_FORMS[form_name]
    form = form_class(request.POST, instance=form_class._meta.model(process=process))
    if form.is_valid():
        form.save()
        messages.success(request, _("Added to the process."))
        return redirect(process)
    return render_process(request, process, **{form_name: form})

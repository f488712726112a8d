"""Writing the plans: a named service per change, on plain data (see ARCHITECTURE.md)."""

from django.db import transaction

from planning.models import PlanObjective, ZonePlan


def add_objective(*, plan: ZonePlan, **fields) -> PlanObjective:
    return update_objective(objective=PlanObjective(plan=plan), **fields)


@transaction.atomic
def update_objective(
    *, objective: PlanObjective, code: str, title: str, description: str = "", processes=(), tables=(), protocols=()
):
    objective.code, objective.title, objective.description = code, title, description
    objective.full_clean()
    objective.save()
    objective.processes.set(processes)
    objective.tables.set(tables)
    objective.protocols.set(protocols)
    return objective

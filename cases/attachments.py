"""Which case records take documents (documents.registry), and whose person each concerns."""

from cases.models import Case, CaseMeeting, JointPlan, Referral
from documents import registry


def register_documents() -> None:
    registry.register(Case, change_permission="cases.change_case", subject="person_id")
    registry.register(Referral, change_permission="cases.change_referral", subject="case__person_id")
    registry.register(JointPlan, change_permission="cases.change_jointplan", subject="case__person_id")
    registry.register(CaseMeeting, change_permission="cases.change_jointplan", subject="plan__case__person_id")

"""Which community records take documents (documents.registry): a sign-in sheet, a partner's report."""

from community.models import CommunityAction, CommunityProcess, KnowledgeAction, Meeting
from documents import registry


def register_documents() -> None:
    # Community work is nobody's personal record: its documents are kept with the service's history.
    registry.register(Meeting, change_permission="community.change_meeting")
    registry.register(CommunityAction, change_permission="community.change_communityaction")
    registry.register(CommunityProcess, change_permission="community.change_communityprocess")
    # A process's questionnaire results and interviews are documents of its knowledge action (issue 15).
    registry.register(KnowledgeAction, change_permission="community.change_communityprocess")

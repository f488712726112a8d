"""Issuing, opening and revoking the links e-mailed to partners (see partners.tokens for the secrets).

A link is found by the hash of its token and its purpose: a forged token, one expired or revoked, and a
token of another purpose all answer 404, exactly as a missing page. Every use is in the audit trail
with whom the link was sent to and the address it came from; a refused use of a real link too.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from audit import registry
from audit.models import Action
from audit.services import record
from partners.choices import LinkPurpose, RevokeReason
from partners.models import PartnerLink
from partners.tokens import digest, new_token, well_formed

URL_NAMES = {
    LinkPurpose.REFERRAL: "links:referral",
    LinkPurpose.MINUTES: "links:minutes",
    LinkPurpose.ACTION_ITEM: "links:action_item",
}


def issue(
    *, purpose: str, address: str, actor=None, replacing: dict | None = None, **target
) -> tuple[PartnerLink, str]:
    """A new link for `target` (referral and contact, or minutes_version / action_item and member).

    The live links it replaces (by default those for the same record and person; `replacing` says
    otherwise) are revoked: only the newest works. Returns the link and its URL, which holds the only
    copy of the token.
    """
    now = timezone.now()
    PartnerLink.objects.live(now).filter(purpose=purpose, **(replacing or target)).update(
        revoked_at=now, revoked_reason=RevokeReason.REPLACED, revoked_by=actor
    )
    token = new_token()
    link = PartnerLink.objects.create(
        purpose=purpose,
        token_hash=digest(token),
        address=address,
        created_at=now,
        created_by=actor,
        expires_at=now + timedelta(days=settings.PARTNER_LINK_DAYS),
        **target,
    )
    return link, settings.SITE_URL + reverse(URL_NAMES[purpose], args=[token])


def revoke(*, links, actor) -> int:
    return links.live().update(revoked_at=timezone.now(), revoked_reason=RevokeReason.WORKER, revoked_by=actor)


def holder_label(link: PartnerLink) -> str:
    """Whom the link was sent to, as the audit trail names them.

    A contact of the directory by name and organisation (the trail records the directory's values
    anyway); a member of a table by type and id, since the member may be a citizen.
    """
    if link.contact_id:
        return f"{link.contact} ({link.contact.organisation})"
    return registry.label_of(link.member)


def open_link(token: str, purpose: str) -> PartnerLink:
    """The live link with this token and purpose, or 404 as for a page that does not exist."""
    if not well_formed(token):
        raise Http404
    links = PartnerLink.objects.select_related(
        "contact__organisation",
        "member__organisation",
        "member__contact__organisation",
        "referral__opportunity__organisation",
        "referral__case__person",
        "referral__case__responsible",
        "referral__case__team",
        "minutes_version__meeting__table",
        "action_item__meeting__table",
    )
    link = links.filter(token_hash=digest(token), purpose=purpose).first()
    if link is None:
        raise Http404
    if not link.is_live:
        # A real link, no longer valid: the trail keeps the attempt, the holder sees a missing page.
        record(
            Action.DENIED,
            link.record,
            allowed=False,
            changes={"link": link.pk, "who": holder_label(link), "why": "revoked" if link.revoked_at else "expired"},
        )
        raise Http404
    return link


def record_use(link: PartnerLink, step: str) -> None:
    """One use of a link, in the trail with its holder and (from the request) the address it came from."""
    PartnerLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now(), uses=F("uses") + 1)
    record(Action.LINK_USED, link.record, changes={"link": link.pk, "who": holder_label(link), "step": step})

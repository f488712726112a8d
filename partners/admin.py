from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from partners.models import PartnerAccount


@admin.register(PartnerAccount)
class PartnerAccountAdmin(admin.ModelAdmin):
    """The administrator ties a partner's user (role "partner", no team) to their contact at the organisation."""

    list_display = ["user", "contact", "organisation", "created_at"]
    list_select_related = ["user", "contact__organisation"]
    search_fields = ["user__username", "contact__last_name", "contact__organisation__name"]
    raw_id_fields = ["user", "contact"]

    @admin.display(description=_("organisation"))
    def organisation(self, account):
        return account.contact.organisation

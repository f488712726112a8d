from django.db import models
from django.utils.translation import gettext_lazy as _


class Indicators(models.Model):
    """No table: it only carries the permission to read the indicators, granted by the roles.

    Indicators are aggregates over every team, so reading them is a capability of its own rather
    than the view permission of some record (a partner organisation may view its own listing and
    still read no indicator).
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_indicators", _("Can read the indicators"))]

    def __str__(self) -> str:
        return str(_("Indicators"))

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Team(models.Model):
    """A team of the social service (équipe): case records are visible within one team."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    # Supervision (cases.supervision): the team's coordinator approves joint plans and case closures,
    # unless the team works without that step.
    plans_need_approval = models.BooleanField(
        _("joint plans need the coordinator's approval"), default=True, db_default=True
    )
    closures_need_approval = models.BooleanField(
        _("closing a case needs the coordinator's approval"), default=True, db_default=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    # Kept by notifications.services as notifications are made and read, so the bell on every page costs
    # no query: the user row is loaded anyway.
    unread_notifications = models.PositiveIntegerField(
        _("unread notifications"), default=0, db_default=0, editable=False
    )
    # Raised whenever what the user may do changes (accounts/permission_changes.py), so that each server process
    # can keep the user's permissions between requests (accounts/backends.py): the user row is loaded anyway.
    permissions_version = models.PositiveIntegerField(_("permissions version"), default=0, db_default=0, editable=False)

    class Meta(AbstractUser.Meta):
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        return reverse("admin:accounts_user_change", args=[self.pk])

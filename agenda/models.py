from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class CalendarFeedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A feed is its owner's alone."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class CalendarFeed(models.Model):
    """The secret address of a user's calendar feed (.ics), which calendar apps poll without a login.

    Only a hash of the token is kept: the address is shown once, when it is made, and a copy of the
    database does not give anyone the feeds. Making a new one replaces the row, so the old address
    stops working; deleting the row revokes it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # When a calendar app last read it (to the hour: see agenda.services.note_feed_use).
    last_used_at = models.DateTimeField(_("last read at"), null=True, blank=True, editable=False)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        # Feeds are secrets of their owners: nobody manages them for others, so no model permissions.
        default_permissions = ()
        permissions = [("view_team_agenda", _("Can see the agenda of every worker of their team"))]

    def __str__(self) -> str:
        return gettext("Calendar feed of %(user)s") % {"user": self.user}

    def get_absolute_url(self) -> str:
        return reverse("agenda:feed_settings")

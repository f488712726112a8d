"""Table members leaving a table: kept in the table's history, with the day they left.

From that day they are not offered for attendance or action items and get no minutes
(`TableMember.objects.on(day)`).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import TableMember


@transaction.atomic
def member_leaves(*, member: TableMember, left_on: date, actor) -> TableMember:
    member = TableMember.objects.select_for_update().get(pk=member.pk)
    if member.has_left:
        raise ValidationError(_("This member has already left the table."), code="already_left")
    if left_on > timezone.localdate():
        raise ValidationError({"left_on": ValidationError(_("The date cannot be in the future."), code="future_date")})
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    return member

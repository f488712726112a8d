"""The roles of the service, kept as Django groups with model permissions."""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

SOCIAL_WORKER = "social_worker"
COORDINATOR = "coordinator"
ADMIN = "admin"
AUDITOR = "auditor"
PARTNER = "partner"

ROLE_LABELS = {
    SOCIAL_WORKER: _("Social worker"),
    COORDINATOR: _("Coordinator"),
    ADMIN: _("Administrator"),
    AUDITOR: _("Auditor (DPO)"),
    PARTNER: _("Partner organisation"),
}

# The territory directory is kept by the whole service: workers and coordinators map
# organisations and their offer; only admins delete records and edit the area tree.
_TERRITORY_EDIT = [
    f"territory.{action}_{model}"
    for model in ("organisation", "contact", "opportunity", "protocol", "offer")
    for action in ("view", "add", "change")
]

# Case records: workers and coordinators keep those of their own team (the scoping itself is in
# cases.models.TeamScopedQuerySet). Admins get none of these: managing accounts does not give
# access to what people told the service.
_CASES_EDIT = [
    f"cases.{action}_{model}"
    for model in ("person", "case", "referral", "jointplan")
    for action in ("view", "add", "change")
] + ["cases.view_offeruse", "cases.add_offeruse"]

# Community work is shared by the whole service.
_COMMUNITY_EDIT = [
    f"community.{action}_{model}"
    for model in ("communityaction", "table", "meeting", "communityprocess")
    for action in ("view", "add", "change")
]

# Indicators are aggregates over every team, read by the people who do the work.
_INDICATORS = ["indicators.view_indicators"]

# The ambito's Piani di zona: read by the people who do the work, kept by the coordinators.
_PLANNING_READ = ["planning.view_zoneplan"]
_PLANNING_EDIT = [
    f"planning.{action}_{model}" for model in ("zoneplan", "planobjective") for action in ("view", "add", "change")
]

# A coordinator follows the whole team's work: their agenda can show every worker's items.
_TEAM = ["agenda.view_team_agenda"]
# The coordinator's dashboard and the minutes to review (community/views/tables.py); the main menu shows
# them exactly to whoever holds this.
_COORDINATE_TABLES = ["community.coordinate_tables"]

ROLE_PERMISSIONS = {
    SOCIAL_WORKER: _TERRITORY_EDIT
    + ["territory.view_area"]
    + _CASES_EDIT
    + _COMMUNITY_EDIT
    + _INDICATORS
    + _PLANNING_READ,
    COORDINATOR: _TERRITORY_EDIT
    + ["territory.view_area"]
    + _CASES_EDIT
    + _COMMUNITY_EDIT
    + _INDICATORS
    + _TEAM
    + _COORDINATE_TABLES
    + _PLANNING_EDIT,
    ADMIN: _TERRITORY_EDIT
    + [f"territory.delete_{m}" for m in ("organisation", "contact", "opportunity", "protocol")]
    + [f"territory.{a}_area" for a in ("view", "add", "change", "delete")]
    + ["territory.import_resources"]
    + [f"accounts.{a}_{m}" for m in ("user", "team") for a in ("view", "add", "change")]
    # Which organisation a partner's account answers for (partners.PartnerAccount).
    + [f"partners.{a}_partneraccount" for a in ("view", "add", "change", "delete")]
    # The webhooks that send the directory's changes to outside systems (api.WebhookSubscription).
    + ["api.manage_webhooks"],
    # The data protection officer reads the audit trail and nothing else: no case content.
    AUDITOR: ["audit.view_auditevent"],
    # Someone at a partner organisation: the portal of their own organisation and nothing else. None of
    # the view permissions above, so every other page's `visible_to` gives them nothing; what the portal
    # shows is scoped to their organisation in partners/scope.py.
    PARTNER: ["partners.use_partner_portal"],
}


def role_names(user) -> list[str]:
    """The names of the user's role groups, read once per user object: one request asks several times
    (the audit trail's role column, the supervision rules)."""
    if not hasattr(user, "_role_names"):
        user._role_names = [group.name for group in user.groups.all()]
    return user._role_names


def sync_roles() -> None:
    """Create the role groups and give them exactly their permissions (idempotent)."""
    wanted = {perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
    by_name = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type").filter(
            content_type__app_label__in={name.split(".")[0] for name in wanted}
        )
    }
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set([by_name[name] for name in perms if name in by_name])


def sync_roles_after_migrate(sender, **kwargs) -> None:
    # Django creates each app's permissions in its own post_migrate call, so run after every
    # app's: the last call sees them all. It is idempotent and only runs on migrate.
    sync_roles()

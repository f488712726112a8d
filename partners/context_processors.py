from partners.scope import is_partner


def partner(request):
    """Whether the signed-in user is a partner: base.html shows the portal's menu instead of the service's."""
    user = getattr(request, "user", None)
    return {"is_partner": user is not None and is_partner(user)}

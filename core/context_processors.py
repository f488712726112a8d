from django.conf import settings


def site(request):
    """Who runs this Rete, for the header and the footer of every page (settings only, no query)."""
    return {"site": {"entity": settings.ENTITY_NAME, "entity_url": settings.ENTITY_URL}}

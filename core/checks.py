"""Deployment checks (`manage.py check --deploy`) for what several servers must share."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS_CACHES = {"django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache"}


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """A cache in each process would show each server its own figures and let a used two-factor code in twice."""
    if settings.CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
        return [
            Warning(
                "The cache is kept in each process: every server and worker sees its own.",
                hint="Set CACHE_URL to db://rete_cache (the default) or redis://... (README, 'Deployment').",
                id="core.W001",
            )
        ]
    return []

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# What start-up loaded (Django, the apps, their modules) lives as long as the worker: moved out of the
# garbage collector's reach, so that its full collections, triggered by a list page's allocations, stop
# walking some 130,000 objects on a user's request (measured on the case list: 2.4 ms of collection per
# request on average before, 0.4 ms after).
gc.freeze()

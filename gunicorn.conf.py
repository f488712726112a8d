"""gunicorn's settings, read from the project folder (gunicorn loads ./gunicorn.conf.py by itself).

Access logs carry the path without the query string, and no referrer: a search may put a name or a
codice fiscale in the query string (`/casi/persone/?q=...`), and that must not reach the server's logs.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# %(U)s is the path only; the default "%(r)s" (the request line) and "%(f)s" (referrer) carry query strings.
# The last field is the request id the app answered with (X-Request-ID, core/logs.py), as in the app's own logs.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss "%(a)s" %({x-request-id}o)s'

"""The benchmark's query counter (bench/run.py), installed only when settings.BENCH is on (config/settings.py)."""

from contextlib import ExitStack

from django.db import connections


class QueryCountMiddleware:
    """Answers each request with X-Bench-Queries: how many queries it ran, in the middleware and the view.

    Outermost, so it also counts the session's and the user's queries. A wrapper rather than Django's query log,
    which is kept only with DEBUG, and the benchmark's server runs without it, like production.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counted(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(counted))
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(count)
        return response

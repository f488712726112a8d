"""A real OpenID Connect provider on loopback for the sign-in tests: django-oauth-toolkit with OIDC on.

Run as its own process (`python -m tests.oidc_provider.serve`, started and stopped by PID by the fixtures in
tests/browser/conftest.py), with its own SQLite file, users and signing key, as a municipality's identity
provider would be: Rete only talks to it over HTTP and through the browser's redirects.
"""

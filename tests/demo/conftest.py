import pytest


@pytest.fixture
def debug(settings):
    """seed_demo runs only with DEBUG on, as under `make run`; tests run with it off.

    With DEBUG on no role needs a second factor (config/settings.py), so the demo users sign in with
    their password alone: the same here.
    """
    settings.DEBUG = True
    settings.MFA_REQUIRED_ROLES = []

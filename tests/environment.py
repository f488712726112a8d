"""Test-only environment defaults, so that a bare `pytest` works from a fresh clone.

pyproject.toml loads this module with `-p tests.environment`: pytest imports such plugins before
pytest-django reads config.settings, which is what makes these defaults count. Production settings stay
as strict as they are (no SECRET_KEY, no demo app); only the test run fills them in, and a value already
in the environment wins.
"""

import os

# Nothing signed during the tests outlives them.
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
# The demo app (seed_demo and its tests) is installed only with DEBUG or DEMO=1; tests run with DEBUG off.
os.environ.setdefault("DEMO", "1")
# Each test clears the cache, most without a database: the tests' cache is this process's memory. The shared
# database cache, production's default, has its own tests (tests/core/test_shared_state.py).
os.environ.setdefault("CACHE_URL", "locmem://")

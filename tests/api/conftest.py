import pytest

from api.models import Scope
from api.services import create_token


@pytest.fixture
def bearer():
    """`bearer(user, scope)`: the Authorization header of a new token of `user`."""

    def make(user, scope=Scope.READ_WRITE):
        created = create_token(owner=user, name="script", scope=scope)
        return {"HTTP_AUTHORIZATION": f"Bearer {created.secret}", "token": created.token}

    return make


def headers(auth: dict) -> dict:
    return {key: value for key, value in auth.items() if key.startswith("HTTP_")}

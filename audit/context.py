"""Who is acting right now: set per request by the middleware, read by audit.services."""

from contextvars import ContextVar
from dataclasses import dataclass

from accounts.roles import role_names
from audit.models import SUPERUSER


@dataclass
class Actor:
    user: object | None
    ip: str | None
    path: str
    _role: str | None = None

    @property
    def role(self) -> str:
        if self._role is None:
            user = self.user
            self._role = ", ".join(role_names(user)) if user is not None and user.is_authenticated else ""
            if user is not None and user.is_authenticated and user.is_superuser:
                self._role = ", ".join(filter(None, [self._role, SUPERUSER]))
        return self._role


current_actor: ContextVar[Actor | None] = ContextVar("current_actor", default=None)

"""The secrets in partners' links: random, shown once (in the e-mail), stored only as a hash.

A token is 32 random bytes (256 bits), URL-safe base64: 43 characters. The database keeps its SHA-256,
so a copy of the database (a backup, a replica) opens no link. SHA-256 with no salt is enough: the
secret is random and long, not a password a dictionary could guess.
"""

import hashlib
import re
import secrets

TOKEN_BYTES = 32
# What a token looks like in a URL: anything else is not worth a database query.
TOKEN_PATTERN = r"[A-Za-z0-9_-]{43}"  # noqa: S105 (a pattern, not a secret)
_TOKEN = re.compile(rf"^{TOKEN_PATTERN}$")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def well_formed(token: str) -> bool:
    return bool(_TOKEN.match(token))

"""Start the test identity provider: a fresh database, its users, one client application, then serve.

    python -m tests.oidc_provider.serve --database PATH --redirect-uri URI [--port PORT] [--issuer ISSUER]

Prints "READY <port>" once it listens on 127.0.0.1 (port 0: a free one the system chooses).
"""

import argparse
import os
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "rete-test"
CLIENT_SECRET = "rete-test-secret"  # noqa: S105 (the test provider's own)
PASSWORD = "password-idp"  # noqa: S105
# Who can sign in at the provider: sara has a Rete account, sconosciuto has none.
USERS = [("sara", "sara@example.it"), ("sconosciuto", "sconosciuto@example.it")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--redirect-uri", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--issuer", default="")
    options = parser.parse_args()

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="tests.oidc_provider.settings",
        IDP_DATABASE=options.database,
        IDP_ISSUER=options.issuer,
        IDP_PRIVATE_KEY=key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode(),
    )
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", interactive=False, verbosity=0)
    for username, email in USERS:
        User.objects.create_user(username, email=email, password=PASSWORD)
    Application.objects.create(
        name="Rete",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=options.redirect_uri,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )

    server = ThreadedWSGIServer(("127.0.0.1", options.port), WSGIRequestHandler)
    server.set_app(get_wsgi_application())
    print(f"READY {server.server_address[1]}", flush=True)
    sys.stdout = sys.stderr  # nothing else on the line the fixture reads
    server.serve_forever()


if __name__ == "__main__":
    main()

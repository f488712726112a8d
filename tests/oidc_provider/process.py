"""Start and stop the test identity provider as a process of its own (see serve.py)."""

import os
import select
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.oidc_provider.serve import CLIENT_ID, CLIENT_SECRET

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 60


@dataclass
class IdentityProvider:
    process: subprocess.Popen
    url: str
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET

    @property
    def issuer(self) -> str:
        """Where Rete is told the provider is, and the issuer it expects in the tokens."""
        return f"{self.url}/o"

    def configure(self, settings) -> None:
        settings.OIDC_ISSUER = self.issuer
        settings.OIDC_CLIENT_ID = self.client_id
        settings.OIDC_CLIENT_SECRET = self.client_secret
        settings.OIDC_NAME = "Comune di prova"

    def stop(self) -> None:
        os.kill(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=10)


def start(database: Path, redirect_uri: str, *, port: int = 0, issuer: str = "") -> IdentityProvider:
    command = [sys.executable, "-m", "tests.oidc_provider.serve", "--database", str(database)]
    command += ["--redirect-uri", redirect_uri, "--port", str(port), "--issuer", issuer]
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603
    ready, _, _ = select.select([process.stdout], [], [], STARTUP_SECONDS)
    line = process.stdout.readline() if ready else ""
    if not line.startswith("READY "):
        process.kill()
        raise RuntimeError(f"the test identity provider did not start: {line!r}")
    return IdentityProvider(process=process, url=f"http://127.0.0.1:{line.split()[1]}")

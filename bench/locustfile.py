"""The load test: workers signed in, each browsing the main pages as one would, with a pause between pages.

Run by bench/load.py, which starts the server and passes through the environment which worker to sign in as
and which records to open (BENCH_USERNAME, BENCH_CASE, BENCH_ORGANISATION, BENCH_MEETING). Locust itself:

    locust -f bench/locustfile.py --headless --users 30 --spawn-rate 0.4 --run-time 135s --host http://127.0.0.1:8766
"""

import os
import re
import time

from locust import HttpUser, between, task

PASSWORD = "rete-demo-2026"  # noqa: S105 (the demo users' password, as in bench/run.py)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Worker(HttpUser):
    """A social worker: the case list most of all, then the directory, the follow-ups and the community's pages."""

    wait_time = between(1, 3)

    def on_start(self) -> None:
        # Once per user, through the sign-in page as a person would. allauth allows 30 sign-ins a minute from one
        # address (ACCOUNT_RATE_LIMITS): load.py spawns the users slowly enough, and a refused one waits its turn.
        for _attempt in range(5):
            form = self.client.get("/accesso/", name="sign-in page")
            data = {
                "login": os.environ.get("BENCH_USERNAME", "operatore1"),
                "password": PASSWORD,
                "csrfmiddlewaretoken": CSRF.search(form.text).group(1),
            }
            with self.client.post(
                "/accesso/", data, headers={"Referer": self.host + "/accesso/"}, name="sign in", catch_response=True
            ) as response:
                if response.status_code == 429:
                    response.success()  # the rate limit doing its job, not a failure of the site
                    time.sleep(15)
                    continue
                if "/accesso/" in response.url:
                    response.failure("sign-in refused")
                return

    def page(self, path: str, name: str) -> None:
        """A page, and a failure if it sent us to the sign-in page (a session lost would otherwise look fine)."""
        with self.client.get(path, name=name, catch_response=True) as response:
            if "/accesso/" in response.url:
                response.failure("signed out")

    @task(4)
    def case_list(self) -> None:
        self.page("/casi/?mine=false", "case list")

    @task(2)
    def case_detail(self) -> None:
        self.page(f"/casi/{os.environ.get('BENCH_CASE', '1')}/", "case detail")

    @task(2)
    def organisation_list(self) -> None:
        self.page("/territorio/organizzazioni/", "organisation list")

    @task(1)
    def organisation_detail(self) -> None:
        self.page(f"/territorio/organizzazioni/{os.environ.get('BENCH_ORGANISATION', '1')}/", "organisation detail")

    @task(1)
    def opportunity_list(self) -> None:
        self.page("/territorio/opportunita/", "opportunity list")

    @task(2)
    def follow_ups(self) -> None:
        self.page("/casi/scadenze/", "follow-ups")

    @task(2)
    def community_log(self) -> None:
        self.page("/comunita/", "community log")

    @task(1)
    def meeting(self) -> None:
        self.page(f"/comunita/incontri/{os.environ.get('BENCH_MEETING', '1')}/", "meeting page")

    @task(1)
    def search(self) -> None:
        self.page("/cerca/?q=rossi", "header search")

    @task(1)
    def dashboard(self) -> None:
        self.page("/indicatori/", "indicators dashboard")

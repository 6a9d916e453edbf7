"""Locust users for bench/load.py (not run by `make bench` on its own: load.py starts it headless).

LOAD_SETUP names the JSON file load.py wrote (host draft, sessions, provision labels); LOAD_MODE picks the
users: "mixed" (delegates in a meeting: map polls with the ETag, stance writes, comments, a pause of 1-3 s
between requests), "stances" or "bare" (one kind of write, back to back, for the throughput ratio)."""

import itertools
import json
import os
import random

from locust import HttpUser, between, constant, task

SETUP = json.loads(open(os.environ["LOAD_SETUP"]).read())
MODE = os.environ.get("LOAD_MODE", "mixed")
KINDS = ["support", "accept", "dissociate", "reserve", "object"]
_sessions = itertools.cycle(SETUP["sessions"])


class _Delegate(HttpUser):
    abstract = True

    def on_start(self):
        self.client.cookies.set("sessionid", next(_sessions))
        self.draft = f"/sco/negotiations/drafts/{SETUP['draft']}/"
        if MODE != "bare":
            self.client.get(self.draft, name="setup: map page")  # sets the CSRF cookie
            self.csrf = self.client.cookies.get("csrftoken", "")
        self.etag = None

    def write_stance(self):
        self.client.post(
            f"{self.draft}stance/",
            {
                "state": SETUP["state"],
                "provision": random.choice(SETUP["labels"]),
                "option": random.choice("AB"),
                "stance": random.choice(KINDS),
                "reason": "",
            },
            headers={"X-CSRFToken": self.csrf, "HX-Request": "true"},
            name="stance write",
        )


class MixedDelegate(_Delegate):
    wait_time = between(1, 3)

    @task(6)
    def poll(self):
        headers = {"HX-Request": "true"}
        if self.etag:
            headers["If-None-Match"] = self.etag
        with self.client.get(f"{self.draft}map/", headers=headers, name="map poll", catch_response=True) as r:
            if r.status_code in (200, 304):
                self.etag = r.headers.get("ETag", self.etag)
                r.success()

    @task(2)
    def stance(self):
        self.write_stance()

    @task(1)
    def comment(self):
        self.client.post(
            f"{self.draft}comment/",
            {"state": SETUP["state"], "text": "A remark from the floor."},
            headers={"X-CSRFToken": self.csrf},
            allow_redirects=False,
            name="comment",
        )


class StanceWriter(_Delegate):
    wait_time = constant(0)

    @task
    def stance(self):
        self.write_stance()


class BareWriter(_Delegate):
    wait_time = constant(0)

    @task
    def bare(self):
        self.client.post("/bench/bare-write/", {"x": "y"}, name="bare write")


# load.py names the class to run on locust's command line (USERS[LOAD_MODE]).
USERS = {"mixed": "MixedDelegate", "stances": "StanceWriter", "bare": "BareWriter"}

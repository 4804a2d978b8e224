"""The simulated users of one load step (run by bench/load.py in its own process, because
locust's gevent patches the whole process).

    python -m bench.load_users STEP.json RESULT.json

Unit users sign in, open their to-do, open a report, save a draft (the editor's htmx
autosave) and sign it off, each on cells of their own unit handed out so that no two
users take the same report; leaders open the dashboard and the period overview. The
step stops after its duration or its request budget, whichever comes first. The result
lists every submission the server confirmed, for bench/load.py to check in the database.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import deque

import gevent
from locust import HttpUser, between, events, task  # noqa: I001 - locust patches first
from locust.env import Environment

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')

SPEC: dict = {}
QUEUES: dict[str, deque] = {}  # unit account -> cells (period, task) not yet taken
ACCOUNTS: deque = deque()
LEADERS: deque = deque()
SUBMITTED: list[list[int]] = []
PROBLEMS: list[str] = []
STATE = {"requests": 0, "signed_in": 0}

FORM = {
    "work_done": "本季度召开专题推进会2次，完成项目申报3个，其中1个已进入省级评审。",
    "problems": "部分项目前期手续办理进度偏慢。",
    "next_steps": "下一步将加强调度，确保按期完成年度目标。",
    "self_status": "on_track",
    "progress_pct": "60",
}


@events.request.add_listener
def _count(**kwargs):
    STATE["requests"] += 1


def _problem(text: str) -> None:
    if len(PROBLEMS) < 50:
        PROBLEMS.append(text)


class _SignedIn(HttpUser):
    abstract = True
    account = ""

    def sign_in(self, username: str) -> None:
        self.account = username
        page = self.client.get("/accounts/login/", name="login page")
        token = CSRF.search(page.text)
        with self.client.post(
            "/accounts/login/",
            {
                "username": username,
                "password": SPEC["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="sign in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in answered {response.status_code}")
                _problem(f"sign-in of {username} answered {response.status_code}")
        STATE["signed_in"] += 1


class UnitUser(_SignedIn):
    weight = 9
    wait_time = between(1, 3)

    def on_start(self):
        self.sign_in(ACCOUNTS[0] if ACCOUNTS else "")
        ACCOUNTS.rotate(-1)

    @task
    def report(self):
        self.client.get("/supervision/", name="to-do")
        queue = QUEUES.get(self.account)
        if not queue:
            return
        period, task_id = queue.popleft()
        base = f"/supervision/periods/{period}/tasks/{task_id}/report/"
        page = self.client.get(base, name="report editor")
        version = VERSION.search(page.text)
        token = CSRF.search(page.text)
        if page.status_code != 200 or not version or not token:
            _problem(f"editor {base} answered {page.status_code}")
            return
        form = {**FORM, "version": version.group(1), "csrfmiddlewaretoken": token.group(1)}
        self.wait()
        saved = self.client.post(
            base + "save/",
            form,
            headers={"HX-Request": "true", "X-CSRFToken": token.group(1)},
            name="save draft",
        )
        new_version = VERSION.search(saved.text)
        if saved.status_code != 200 or not new_version:
            _problem(f"save {base} answered {saved.status_code}")
            return
        form["version"] = new_version.group(1)
        self.wait()
        with self.client.post(
            base + "sign-off/",
            form,
            name="sign off",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                SUBMITTED.append([period, task_id, self.account_unit])
            else:
                response.failure(f"sign-off answered {response.status_code}")
                _problem(f"sign-off {base} answered {response.status_code}")

    @property
    def account_unit(self) -> int:
        return SPEC["units"][self.account]


class Leader(_SignedIn):
    weight = 1
    wait_time = between(2, 5)

    def on_start(self):
        self.sign_in(LEADERS[0])
        LEADERS.rotate(-1)

    @task(3)
    def dashboard(self):
        self.client.get("/indicators/", name="dashboard")

    @task(1)
    def overview(self):
        self.client.get(SPEC["overview_url"], name="period overview")


def main(spec_path: str, out_path: str) -> int:
    SPEC.update(json.loads(open(spec_path, encoding="utf-8").read()))
    for account, cells in SPEC["cells"].items():
        QUEUES[account] = deque(tuple(c) for c in cells)
    ACCOUNTS.extend(SPEC["accounts"])
    LEADERS.extend(SPEC["leaders"])
    UnitUser.host = Leader.host = SPEC["host"]
    low, high = SPEC.get("think", (1, 3))
    UnitUser.wait_time = between(low, high)
    Leader.wait_time = between(2 * low, 2 * high)
    env = Environment(user_classes=[UnitUser, Leader], events=events)
    runner = env.create_local_runner()
    users, rate = SPEC["users"], SPEC["spawn_rate"]
    started = time.monotonic()
    runner.start(users, spawn_rate=rate)
    # The ramp lasts until every user has signed in (password hashing is slow on purpose).
    ramp_deadline = time.monotonic() + users / rate + SPEC.get("ramp_timeout", 300)
    while STATE["signed_in"] < users and time.monotonic() < ramp_deadline:
        gevent.sleep(0.2)
    # Requests sent while the last sign-ins held the workers finish late; they belong to
    # the ramp, not to the steady state measured next.
    gevent.sleep(SPEC.get("settle", max(5.0, high)))
    # Steady state only: sign-ins during the ramp are reported apart.
    ramp_stats = {
        name: _entry(env.stats.get(name, method))
        for name, method in [("sign in", "POST"), ("login page", "GET")]
    }
    # Everything the ramp sent, so what the steady-state figures leave out is on record.
    ramp_stats["all requests"] = _entry(env.stats.total)
    env.stats.reset_all()
    steady_started = time.monotonic()
    budget = SPEC["max_requests"]
    STATE["requests"] = 0
    while time.monotonic() - steady_started < SPEC["duration"] and STATE["requests"] < budget:
        gevent.sleep(0.5)
    elapsed = time.monotonic() - steady_started
    runner.quit()
    total = env.stats.total
    result = {
        "users": users,
        "load_average_before": SPEC.get("load_average"),
        "seconds": round(elapsed, 1),
        "ramp_seconds": round(steady_started - started, 1),
        "requests": total.num_requests,
        "failures": total.num_failures,
        "throughput_rps": round(total.num_requests / elapsed, 1) if elapsed else 0,
        "p50_ms": total.get_response_time_percentile(0.5),
        "p95_ms": total.get_response_time_percentile(0.95),
        "p99_ms": total.get_response_time_percentile(0.99),
        "by_request": {
            name: _entry(entry) for (name, _method), entry in sorted(env.stats.entries.items())
        },
        "sign_in_during_ramp": ramp_stats,
        "submitted": SUBMITTED,
        "problems": PROBLEMS,
        "errors": [
            {"name": e.name, "error": str(e.error), "count": e.occurrences}
            for e in env.stats.errors.values()
        ],
    }
    with open(out_path, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False)
    return 0


def _entry(entry) -> dict:
    return {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "p50_ms": entry.get_response_time_percentile(0.5),
        "p95_ms": entry.get_response_time_percentile(0.95),
        "p99_ms": entry.get_response_time_percentile(0.99),
    }


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))

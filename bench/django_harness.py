"""Pages are timed through Django's full request handling (test Client: URL routing,
middleware, session, authentication, templates; no network). Each page's baseline is a
minimal Django view that fetches the same rows with one raw SQL query and renders them in
a plain template — served through the same middleware to the same signed-in client, so
the ratio is what the page adds over fetching and printing its rows.

The benchmark process runs with DEBUG off (as in production): no query log, cached
templates. Queries are counted with an execute wrapper instead.
"""

from __future__ import annotations

import contextlib
import itertools
import tracemalloc

from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.urls import include, path, reverse

from bench.harness import Timing, measure, repeats_for

PLAIN_TEMPLATE = (
    "<!doctype html><title>baseline</title><table>"
    "{% for r in rows %}<tr>{% for c in r %}<td>{{ c }}</td>{% endfor %}</tr>{% endfor %}"
    "</table>"
)

# Baseline views registered by baseline(): name -> (sql, params).
_BASELINES: dict[str, tuple[str, list | tuple]] = {}
_names = itertools.count()


_template = None


def baseline_view(request, name: str):
    global _template
    if _template is None:
        _template = engines["django"].from_string(PLAIN_TEMPLATE)
    sql, params = _BASELINES[name]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return HttpResponse(_template.render({"rows": rows}))


_layout = None


def layout_view(request):
    """The site's layout with nothing in it: what every page pays before its content."""
    global _layout
    if _layout is None:
        _layout = engines["django"].from_string(
            '{% extends "core/base.html" %}{% block content %}{% endblock %}'
        )
    return HttpResponse(_layout.render({}, request))


# The benchmark process's URLconf: the project's URLs plus the baseline views.
urlpatterns = [
    path("__bench__/baseline/<str:name>/", baseline_view, name="bench_baseline"),
    path("__bench__/layout/", layout_view, name="bench_layout"),
    path("", include("luoshi.config.urls")),
]


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@contextlib.contextmanager
def counting_queries():
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        yield counter


def signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def page(client: Client, url: str, *, repeat: int = 30) -> tuple[Timing, int]:
    """Time GET `url`; return timing and the query count of one request."""
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    with counting_queries() as counter:
        client.get(url)
    repeat = repeats_for(lambda: client.get(url), repeat)
    return measure(lambda: client.get(url), repeat=repeat), counter.count


def post(client: Client, url: str, data_fn, *, repeat: int = 30) -> tuple[Timing, int]:
    with counting_queries() as counter:
        client.post(url, data_fn())
    return measure(lambda: client.post(url, data_fn()), repeat=repeat), counter.count


def baseline(
    sql: str, params: list | tuple = (), *, client: Client | None = None, repeat: int = 30
) -> Timing:
    """Time the bare baseline: one raw query, one plain template, through `client` (the
    page's signed-in client, so session and middleware cost the same)."""
    name = f"b{next(_names)}"
    _BASELINES[name] = (sql, params)
    client = client or Client()
    url = reverse("bench_baseline", args=[name])
    response = client.get(url)
    assert response.status_code == 200, f"baseline answered {response.status_code}"
    return measure(lambda: client.get(url), repeat=repeat)


def peak_memory_mb(fn) -> float:
    """Peak Python memory allocated while `fn` runs (tracemalloc), in MB."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()

"""Pages are timed through Django's full request handling (test Client: middleware,
session, templates; no network). Each page's baseline is a minimal Django view that
fetches the same rows with one raw SQL query and renders them in a plain template."""

from __future__ import annotations

from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from bench.harness import Timing, measure

PLAIN_TEMPLATE = engines["django"].from_string(
    "<table>{% for r in rows %}<tr>{% for c in r %}<td>{{ c }}</td>{% endfor %}</tr>{% endfor %}</table>"
)


def signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def page(client: Client, url: str, *, repeat: int = 30) -> tuple[Timing, int]:
    """Time GET `url`; return timing and the query count of one request."""
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return measure(lambda: client.get(url), repeat=repeat), len(ctx.captured_queries)


def post(client: Client, url: str, data_fn, *, repeat: int = 30) -> tuple[Timing, int]:
    with CaptureQueriesContext(connection) as ctx:
        client.post(url, data_fn())
    return measure(lambda: client.post(url, data_fn()), repeat=repeat), len(ctx.captured_queries)


def baseline_view(sql: str, params: list | tuple = ()):  # noqa: ANN201
    def view(request):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return HttpResponse(PLAIN_TEMPLATE.render({"rows": rows}))

    return view


def baseline(sql: str, params: list | tuple = (), *, repeat: int = 30) -> Timing:
    """Time the bare baseline: one raw query, one plain template."""
    view = baseline_view(sql, params)
    request = RequestFactory().get("/")
    return measure(lambda: view(request), repeat=repeat)

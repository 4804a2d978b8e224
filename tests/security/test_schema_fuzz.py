"""The OpenAPI schema fuzzed with schemathesis, signed in as two roles (the coordinating
office and a lead unit's approver), a bounded number of examples per operation: no answer
may be a server error, and every answer is JSON."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, given, settings

from luoshi.config.api import api

pytestmark = pytest.mark.django_db

EXAMPLES = 25  # per operation and role; the run makes about 2 × 32 × 25 = 1,600 requests


def _operations():
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    return [result.ok() for result in schema.get_all_operations()]


OPERATIONS = _operations()


@pytest.mark.parametrize("role", ["coordinator", "lead_approver"])
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: f"{op.method.upper()} {op.path}")
def test_no_generated_request_answers_a_server_error(
    operation, role, personas, plan, cycle, period, tasks
):
    client = Client(raise_request_exception=False)
    client.force_login(personas[role], backend="django.contrib.auth.backends.ModelBackend")
    answered: dict[int, int] = {}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        kwargs = case.as_transport_kwargs(base_url="http://testserver")
        url = kwargs["url"].removeprefix("http://testserver")
        body = kwargs.get("json")
        response = client.generic(
            case.method.upper(),
            url,
            data=json.dumps(body) if body is not None else (kwargs.get("data") or ""),
            content_type="application/json",
            QUERY_STRING=urlencode(
                {k: v for k, v in (kwargs.get("params") or {}).items() if v is not None},
                doseq=True,
            ),
            headers={
                k: v
                for k, v in (kwargs.get("headers") or {}).items()
                if k.lower() not in ("content-type", "content-length")
            },
        )
        answered[response.status_code] = answered.get(response.status_code, 0) + 1
        assert response.status_code < 500, (
            case.method,
            url,
            kwargs.get("params"),
            body,
            response.content[:500],
        )
        assert response["Content-Type"].startswith("application/json"), (url, response.status_code)

    run()
    assert sum(answered.values()) > 0

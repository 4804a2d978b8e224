"""The API's documentation works offline and for signed-in people only; every page carries
a Content-Security-Policy that allows scripts from luoshi's own static files alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

PACKAGE = Path(__file__).resolve().parents[2] / "luoshi"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/docs", "/api/openapi.json"])
def test_the_api_docs_and_schema_need_sign_in(url):
    response = Client().get(url)
    assert response.status_code in (302, 401, 403)
    assert "paths" not in response.content.decode()


@pytest.mark.django_db
def test_the_api_docs_load_swagger_ui_from_our_own_static_files(leader):
    response = client_for(leader).get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    for source in sources:
        assert finders.find(source.removeprefix("/static/")), source
    schema = client_for(leader).get("/api/openapi.json")
    assert schema.status_code == 200 and "paths" in schema.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/", "/api/docs", "/no-such-page/", "/api/plans/"]
)
def test_every_response_carries_a_content_security_policy(url, coordinator):
    response = client_for(coordinator).get(url)
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in directives["script-src"]


def test_no_template_uses_inline_script_that_the_policy_would_block():
    offences = []
    for path in PACKAGE.glob("*/templates/**/*.html"):
        text = path.read_text("utf-8")
        for match in re.finditer(
            r"\son[a-z]+=\"|<script(?![^>]*\bsrc=)(?![^>]*application/json)", text
        ):
            offences.append(f"{path.relative_to(PACKAGE)}: {match.group(0).strip()}")
        if "javascript:" in text:
            offences.append(f"{path.relative_to(PACKAGE)}: javascript: URL")
    assert offences == []

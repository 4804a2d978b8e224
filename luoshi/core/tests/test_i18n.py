"""The interface is Simplified Chinese by default, English on request, and every
catalog is complete."""

from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
CATALOGS = sorted(PACKAGE.glob("*/locale/zh_Hans/LC_MESSAGES/django.po"))


def _entries(path: Path):
    """(msgid, msgstr, fuzzy) for each entry, from a .po file; a message with a context
    (pgettext) has the id gettext looks it up by: context, EOT, msgid."""
    entries, block = [], []
    for line in path.read_text("utf-8").splitlines() + [""]:
        if line.strip():
            block.append(line)
            continue
        if block:
            entries.append(block)
            block = []
    for block in entries:
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in block)
        msgctxt, msgid, msgstr, current = [], [], [], None
        for line in block:
            if line.startswith("msgctxt "):
                current = msgctxt
                line = line[8:]
            elif line.startswith("msgid "):
                current = msgid
                line = line[6:]
            elif line.startswith("msgid_plural "):
                current = None
                continue
            elif line.startswith("msgstr"):
                current = msgstr
                line = line.split(" ", 1)[1]
            elif not line.startswith('"'):
                continue
            if current is not None:
                current.append(line.strip().strip('"'))
        context = "".join(msgctxt)
        yield (f"{context}\x04" if context else "") + "".join(msgid), "".join(msgstr), fuzzy


def test_there_is_a_chinese_catalog_for_each_app_with_pages():
    apps = {p.parts[-5] for p in CATALOGS}
    assert {"core", "org", "accounts"} <= apps


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-5])
def test_every_message_is_translated_and_none_is_fuzzy(path):
    missing = [msgid for msgid, msgstr, fuzzy in _entries(path) if msgid and (not msgstr or fuzzy)]
    assert not missing, f"{len(missing)} untranslated in {path}: {missing[:10]}"


def test_no_message_is_translated_two_ways():
    """Django merges every app's catalog into one: a message translated differently in two
    apps shows the first app's translation (INSTALLED_APPS order) on every page, so the
    other app's pages read wrong — a firm's 名称 became 姓名. A message that needs another
    word in another place gets a context (pgettext) or a more specific text."""
    seen: dict[str, dict[str, str]] = {}
    for path in CATALOGS:
        for msgid, msgstr, _fuzzy in _entries(path):
            if msgid and msgstr:
                seen.setdefault(msgid, {})[path.parts[-5]] = msgstr
    clashes = {m: apps for m, apps in seen.items() if len(set(apps.values())) > 1}
    assert not clashes, f"{len(clashes)} messages translated two ways: " + "; ".join(
        f"{m!r} {apps}" for m, apps in list(clashes.items())[:15]
    )


@pytest.mark.django_db
def test_the_login_page_is_in_chinese_by_default(client):
    page = client.get("/accounts/login/").content.decode()
    assert "登录" in page and 'lang="zh-hans"' in page


@pytest.mark.django_db
def test_english_can_be_chosen(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in" in page and 'lang="en"' in page


@pytest.mark.django_db
def test_error_pages_are_in_chinese(client, lead_reporter, login):
    page = login(lead_reporter).get("/no-such-page/")
    assert page.status_code == 404
    assert "页面不存在" in page.content.decode()
    forbidden = login(lead_reporter).get("/accounts/audit/")
    assert forbidden.status_code == 403 and "无权" in forbidden.content.decode()


@pytest.mark.django_db
def test_error_pages_are_the_products_own_in_development_too(
    client, lead_reporter, login, settings
):
    settings.DEBUG = True
    client = login(lead_reporter)
    missing = client.get("/plans/999999/")
    assert missing.status_code == 404 and "页面不存在" in missing.content.decode()
    forbidden = client.get("/accounts/audit/")
    assert forbidden.status_code == 403 and "无权" in forbidden.content.decode()

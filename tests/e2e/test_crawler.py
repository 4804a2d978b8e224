"""Every page a demo account can reach from the interface answers without an error.

With the demo loaded, each featured demo account signs in and follows every same-site link
it is shown, breadth first, at desktop width (1280 px) and again at phone width (390 px):
pages in chromium, files (exports, attachments) by a request in the same session. A link
whose address differs only in its numbers (another task, another period) is followed at
most twice per account and width, which keeps the crawl to a few minutes while every kind
of page is opened. A 4xx or 5xx answer fails the test, naming the page that linked to it.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PER_PATTERN = 2
MAX_PAGES = 150
# Not pages of the product's own interface: Django's admin, the API's JSON, files served
# as-is, and the language switch.
SKIP = ("/django-admin/", "/api/", "/static/", "/media/", "/i18n/")
FILES = re.compile(r"\.(xlsx|docx|pdf|png|jpg|csv)$|/attachments/\d+/$|/download/$")

LINKS = """() => Array.from(document.querySelectorAll('a[href]'))
    .map(a => a.getAttribute('href'))"""

# Visible text smaller than 12 px (a few samples), and how far the page is wider than the window.
READABLE = """() => {
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el || el.closest('[aria-hidden="true"], .visually-hidden, script, style, option')) continue;
    if (!el.getClientRects().length) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 11.99) small.push(size.toFixed(1) + 'px «' + text.slice(0, 16) + '»');
  }
  return {small: Array.from(new Set(small)).slice(0, 3),
          overflow: document.documentElement.scrollWidth - window.innerWidth};
}"""
MIN_FONT_PX = 12


def pattern(url: str) -> str:
    parts = urlsplit(url)
    keys = "&".join(sorted(k.split("=")[0] for k in parts.query.split("&") if k))
    return re.sub(r"\d+", "N", parts.path) + ("?" + keys if keys else "")


def crawl(page, base: str, start: str) -> tuple[list[str], list[str]]:
    """(visited, errors) from `start`, following the links each page shows."""
    seen_patterns: dict[str, int] = {}
    queue = deque([(start, "(sign-in)")])
    queued = {start}
    visited, errors = [], []
    while queue and len(visited) < MAX_PAGES:
        url, source = queue.popleft()
        if FILES.search(urlsplit(url).path):
            response = page.request.get(base + url, max_redirects=5)
            visited.append(url)
            if response.status >= 400:
                errors.append(f"{response.status} {url} (linked from {source})")
            continue
        response = page.goto(base + url)
        visited.append(url)
        status = response.status if response is not None else 0
        if status >= 400:
            errors.append(f"{status} {url} (linked from {source})")
            continue
        readable = page.evaluate(READABLE)
        if readable["small"]:
            errors.append(f"text under {MIN_FONT_PX} px on {url}: {readable['small']}")
        if readable["overflow"] > 1:
            errors.append(f"{url} is {readable['overflow']} px wider than the window")
        here = urlsplit(page.url).path
        for href in page.evaluate(LINKS):
            parts = urlsplit(href)
            if parts.scheme and not href.startswith(base):
                continue
            if href.startswith(base):
                href = href[len(base) :]
                parts = urlsplit(href)
            if not parts.path.startswith("/") and parts.path:
                continue
            target = (parts.path or here) + (f"?{parts.query}" if parts.query else "")
            if not parts.path or target in queued or target.startswith(SKIP):
                continue
            key = pattern(target)
            if seen_patterns.get(key, 0) >= PER_PATTERN:
                continue
            seen_patterns[key] = seen_patterns.get(key, 0) + 1
            queued.add(target)
            queue.append((target, url))
    return visited, errors


def test_every_page_a_demo_account_is_shown_answers_and_reads_at_desktop_and_phone_width(
    page, live_server, sign_in
):
    import io

    from django.conf import settings
    from django.core.management import call_command

    from luoshi.demo import sharing
    from luoshi.demo.accounts import FEATURED

    call_command("load_demo", stdout=io.StringIO())
    base = live_server.url
    report, failures = [], []
    for username, *_rest in [*FEATURED, *sharing.FEATURED]:
        for width, size in WIDTHS.items():
            page.context.clear_cookies()
            page.set_viewport_size(size)
            sign_in(page, username, settings.LUOSHI_DEMO_PASSWORD)
            start = urlsplit(page.url).path
            assert start != "/accounts/login/", f"{username} could not sign in"
            visited, errors = crawl(page, base, start)
            report.append(f"{username:20} {width:8} {len(visited):4} pages")
            failures += [f"{username} at {width}: {e}" for e in errors]
    total = sum(int(line.split()[-2]) for line in report)
    print("\ncrawler:\n" + "\n".join(report) + f"\ntotal {total} page visits")
    assert not failures, "\n".join(failures)

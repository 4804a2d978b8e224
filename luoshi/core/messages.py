"""Flash messages that belong to the request that caused them.

A message added while answering a redirect is meant for the page the redirect leads to.
Stored plainly (Django's cookie or session storage), it shows on whatever page renders
next in that browser: with 20 parallel sign-offs of one report, the losers' pages showed
the winner's "Signed off" message. Here each such message carries its target path (inside
the cookie, hidden from templates) and is shown only on that page; messages for other
pages wait in the cookie."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib.messages.storage.cookie import CookieStorage

_TARGET = "\x1f"  # separates a message's own extra tags from its target path


class RequestMessageStorage(CookieStorage):
    def _store(self, messages, response, *args, **kwargs):
        target = None
        if response is not None and 300 <= response.status_code < 400:
            target = urlsplit(response.get("Location", "")).path or None
        if target:
            for message in messages:
                if _TARGET not in (message.extra_tags or ""):
                    message.extra_tags = f"{message.extra_tags or ''}{_TARGET}{target}"
        return super()._store(messages, response, *args, **kwargs)

    def _get(self, *args, **kwargs):
        messages, all_retrieved = super()._get(*args, **kwargs)
        self._elsewhere = []
        if not messages:
            return messages, all_retrieved
        here = []
        for message in messages:
            tags, _sep, target = (message.extra_tags or "").partition(_TARGET)
            if target and target != self.request.path:
                self._elsewhere.append(message)
                continue
            message.extra_tags = tags
            here.append(message)
        return here, all_retrieved

    def update(self, response):
        self._loaded_messages  # noqa: B018 - loads the cookie, sorting out other pages' messages
        elsewhere = getattr(self, "_elsewhere", [])
        if elsewhere:
            self._queued_messages[:0] = elsewhere
            self.added_new = True
            self._elsewhere = []
        return super().update(response)

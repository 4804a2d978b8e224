"""The lists `luoshi import-registry KIND FILE` takes besides the registry's own (high-tech,
tech-SME and enterprise lists): apps above the registry (patents, platforms) register theirs
from their AppConfig.ready(), as computations are registered with indicators, so this app
never imports them.

    register(ListImporter(kind="patents", preview=..., commit=..., describe=...))

- `preview(actor=None, file_name=..., data=...)` reads and matches the list without changing
  anything and returns the kept batch: `.summary` holds the counts rows, new, matched,
  changed, withdrawn and errors; `.plan["rows"]` the rows, each with its `line` and `errors`.
- `commit(actor=None, batch=...)` applies it all at once and returns a summary;
  `describe(summary)` says in one line what was done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ListImporter:
    kind: str
    preview: Callable[..., object]
    commit: Callable[..., dict]
    describe: Callable[[dict], str]


_REGISTER: dict[str, ListImporter] = {}


def register(importer: ListImporter) -> None:
    _REGISTER[importer.kind] = importer


def get(kind: str) -> ListImporter | None:
    return _REGISTER.get(kind)


def kinds() -> list[str]:
    return sorted(_REGISTER)


def confirm_suggested_firms(actor, rows: list[dict], choices: dict[int, int], *, role: str) -> int:
    """The firms a person picked among rows' suggestions (`choices`: line → firm id) become
    the rows' `<role>_id` (a patent's holder, a platform's host) with the firm's place, and
    the name the list uses (`<role>_name`) becomes the firm's alias, so the next list matches
    it by itself. A pick that was not suggested for its row is refused, nothing changed.
    Returns how many rows were confirmed."""
    from django.utils.translation import gettext as _

    from luoshi.core.errors import ValidationFailed
    from luoshi.enterprises import services
    from luoshi.enterprises.models import Enterprise

    if not choices:
        return 0
    offered = {r["line"]: {s["id"] for s in r.get("suggestions", [])} for r in rows}
    for line, firm_id in choices.items():
        if firm_id not in offered.get(line, set()):
            raise ValidationFailed(
                _("Row %(line)s: choose one of the suggested firms.") % {"line": line}
            )
    firms = Enterprise.objects.in_bulk(list(choices.values()))
    for r in rows:
        firm = firms.get(choices.get(r["line"]))
        if firm is None:
            continue
        r.update(
            {
                f"{role}_id": firm.pk,
                "city_id": firm.city_id,
                "county_id": firm.county_id,
                "park_id": firm.park_id,
                "outcome": "changed" if r["outcome"] == "matched" else r["outcome"],
            }
        )
        services.enterprise_save(
            actor=actor, credit_code=firm.credit_code, name=firm.name, aliases=[r[f"{role}_name"]]
        )
    return len(choices)


def rows_shown(batch, keep, limit: int = 500) -> tuple[list[dict], int]:
    """A kept list's rows its preview page shows — those `keep(row)` accepts, the first
    `limit` — and how many it does not. The plan (200,000 objects for 10,000 rows) is read
    afresh, picked from and let go with the cycle collector paused, so that rendering the
    page does not walk it again and again, nor the next request pay a full collection."""
    from luoshi.core.bulk import gc_paused

    with gc_paused():
        rows = batch.read_plan()["rows"]
        shown = [r for r in rows if keep(r)][:limit]
        hidden = len(rows) - len(shown)
        del rows
    return shown, hidden


def begin_commit(batch_model, batch, actor, choices: dict[int, int] | None, *, role: str):
    """The opening every list import's commit shares (patents, platforms): the kept batch
    locked, refused once committed or while a row has an error, and the firms a person
    confirmed applied to the rows. Returns (batch, rows, how many rows were confirmed)."""
    from django.utils.translation import gettext as _

    from luoshi.core.errors import ValidationFailed

    batch = batch_model.objects.select_for_update().get(pk=batch.pk)
    if batch.state != batch_model.State.PREVIEW:
        raise ValidationFailed(_("This list has already been imported."))
    rows = batch.plan["rows"]
    errors = sum(1 for r in rows if r["outcome"] == "error")
    if errors:
        raise ValidationFailed(
            _("%(n)s rows have errors; correct the file and upload it again. Nothing was imported.")
            % {"n": errors}
        )
    confirmed = confirm_suggested_firms(actor, rows, choices or {}, role=role)
    return batch, rows, confirmed

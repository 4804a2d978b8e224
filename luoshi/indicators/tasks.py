"""Background tasks (Django's task framework, see luoshi.core.background) for indicator
work too large for a request: the indicator table export and large template uploads."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from luoshi.core import background
from luoshi.core.errors import PermissionDenied
from luoshi.indicators import exports, permissions, selectors, services

UPLOAD = "upload.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@background.task()
def table_export(*, token: str) -> None:
    with background.running(token) as run:
        viewer = run.actor
        if not permissions.can_export(viewer):
            raise PermissionDenied(_("You may not export indicators."))
        data = selectors.indicator_table(viewer=viewer)
        run.save_file(exports.indicator_table_xlsx(data), XLSX, exports.table_filename())


@background.task()
def values_upload(*, token: str, year: int) -> None:
    """A filled-in entry template, stored by the page as upload.xlsx, for the person's unit."""
    with background.running(token) as run:
        actor = run.actor
        try:
            result = services.values_upload(
                actor=actor,
                unit=actor.unit,
                year=year,
                upload=ContentFile(run.input(UPLOAD), name=UPLOAD),
            )
        except services.RowsInvalid as exc:
            run.finish(
                _("Nothing was saved: %(n)s problem(s) to correct.") % {"n": len(exc.rows)},
                [str(problem) for problem in exc.rows],
                ok=False,
            )
        else:
            run.finish(upload_summary(result), result.warnings)


def upload_summary(result) -> str:
    return _("Uploaded: %(created)d new, %(updated)d changed, %(unchanged)d unchanged.") % {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }

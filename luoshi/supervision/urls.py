from django.urls import path

from luoshi.supervision.views import (
    assessment,
    combined,
    consolidation,
    office,
    reports,
    setup,
    tasks,
    todo,
)

app_name = "supervision"

_REPORT = "periods/<int:period_id>/tasks/<int:task_id>"

urlpatterns = [
    path("", todo.todo_page, name="todo"),
    path("overview/", office.overview, name="overview"),
    path("scorecard/ledger.xlsx", assessment.ledger_xlsx, name="ledger_xlsx"),
    path("notifications/", todo.notifications, name="notifications"),
    path("notifications/read/", todo.notifications_read, name="notifications_read"),
    # a unit's own report
    path(f"{_REPORT}/report/", reports.report_edit, name="report_edit"),
    path(f"{_REPORT}/report/save/", reports.report_save, name="report_save"),
    path(f"{_REPORT}/report/hand-in/", reports.report_hand_in, name="report_hand_in"),
    path(f"{_REPORT}/report/sign-off/", reports.report_sign_off, name="report_sign_off"),
    path(f"{_REPORT}/report/nothing-new/", reports.report_nothing_new, name="report_nothing_new"),
    path(f"{_REPORT}/report/attachments/", reports.report_attach, name="report_attach"),
    # a county's or park's combined report
    path("periods/<int:period_id>/combined/", combined.combined_report, name="combined_report"),
    # any unit's report, as the viewer may see it
    path(f"{_REPORT}/units/<int:unit_id>/", reports.report_view, name="report_view"),
    path("reports/<int:pk>/review/", reports.report_review, name="report_review"),
    path("versions/<int:a>/<int:b>/", reports.version_diff, name="version_diff"),
    path("attachments/<int:pk>/", reports.attachment_download, name="attachment"),
    path("attachments/<int:pk>/delete/", reports.attachment_delete, name="attachment_delete"),
    # the lead unit's consolidation
    path(f"{_REPORT}/consolidation/", consolidation.consolidation, name="consolidation"),
    path(
        f"{_REPORT}/consolidation/save/",
        consolidation.consolidation_save,
        name="consolidation_save",
    ),
    path(
        f"{_REPORT}/consolidation/submit/",
        consolidation.consolidation_submit,
        name="consolidation_submit",
    ),
    path(
        f"{_REPORT}/consolidation/hand-in/",
        consolidation.consolidation_hand_in,
        name="consolidation_hand_in",
    ),
    path(
        f"{_REPORT}/consolidation/pull/",
        consolidation.consolidation_pull,
        name="consolidation_pull",
    ),
    path(
        f"{_REPORT}/consolidation/review/",
        consolidation.consolidation_review,
        name="consolidation_review",
    ),
    path(
        f"{_REPORT}/consolidation/attachments/",
        consolidation.consolidation_attach,
        name="consolidation_attach",
    ),
    # the office
    path("plans/<int:plan_id>/review/", office.review_queue, name="review_queue"),
    path("plans/<int:plan_id>/cycle/", office.cycle, name="cycle"),
    # a plan's first round: accounts, cycle, the round opened
    path("plans/<int:plan_id>/setup/", setup.setup, name="setup"),
    path("plans/<int:plan_id>/setup/accounts/", setup.setup_accounts, name="setup_accounts"),
    path("plans/<int:plan_id>/setup/cycle/", setup.setup_cycle, name="setup_cycle"),
    path("plans/<int:plan_id>/setup/open/", setup.setup_open, name="setup_open"),
    path("plans/<int:plan_id>/adhoc/", office.period_adhoc, name="period_adhoc"),
    path(
        "plans/<int:plan_id>/milestones/import/", office.milestone_import, name="milestone_import"
    ),
    # tasks
    path("tasks/<int:task_id>/timeline/", tasks.task_timeline, name="task_timeline"),
    path("tasks/<int:task_id>/milestones/", tasks.task_milestones, name="task_milestones"),
    path(
        "tasks/<int:task_id>/milestones/<int:pk>/delete/",
        tasks.milestone_delete,
        name="milestone_delete",
    ),
    path("tasks/<int:task_id>/instructions/", tasks.instruction_add, name="instruction_add"),
    path("tasks/<int:task_id>/notices/new/", tasks.notice_new, name="notice_new"),
    # supervision notices
    path("notices/", tasks.notices, name="notices"),
    path("notices/<int:pk>/", tasks.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/<str:action>/", tasks.notice_act, name="notice_act"),
]

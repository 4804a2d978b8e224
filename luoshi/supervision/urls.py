from django.urls import path

from luoshi.supervision import views

app_name = "supervision"

_REPORT = "periods/<int:period_id>/tasks/<int:task_id>"

urlpatterns = [
    path("", views.todo, name="todo"),
    path("overview/", views.overview, name="overview"),
    path("scorecard/", views.scorecard, name="scorecard"),
    path("scorecard/bulletin.docx", views.scorecard_docx, name="scorecard_docx"),
    path("scorecard/ledger.xlsx", views.ledger_xlsx, name="ledger_xlsx"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    # a unit's own report
    path(f"{_REPORT}/report/", views.report_edit, name="report_edit"),
    path(f"{_REPORT}/report/save/", views.report_save, name="report_save"),
    path(f"{_REPORT}/report/hand-in/", views.report_hand_in, name="report_hand_in"),
    path(f"{_REPORT}/report/sign-off/", views.report_sign_off, name="report_sign_off"),
    path(f"{_REPORT}/report/nothing-new/", views.report_nothing_new, name="report_nothing_new"),
    path(f"{_REPORT}/report/attachments/", views.report_attach, name="report_attach"),
    # any unit's report, as the viewer may see it
    path(f"{_REPORT}/units/<int:unit_id>/", views.report_view, name="report_view"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("versions/<int:a>/<int:b>/", views.version_diff, name="version_diff"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    # the lead unit's consolidation
    path(f"{_REPORT}/consolidation/", views.consolidation, name="consolidation"),
    path(f"{_REPORT}/consolidation/save/", views.consolidation_save, name="consolidation_save"),
    path(
        f"{_REPORT}/consolidation/submit/", views.consolidation_submit, name="consolidation_submit"
    ),
    path(
        f"{_REPORT}/consolidation/review/", views.consolidation_review, name="consolidation_review"
    ),
    path(
        f"{_REPORT}/consolidation/attachments/",
        views.consolidation_attach,
        name="consolidation_attach",
    ),
    # the office
    path("plans/<int:plan_id>/review/", views.review_queue, name="review_queue"),
    path("plans/<int:plan_id>/cycle/", views.cycle, name="cycle"),
    path("plans/<int:plan_id>/adhoc/", views.period_adhoc, name="period_adhoc"),
    path("plans/<int:plan_id>/milestones/import/", views.milestone_import, name="milestone_import"),
    # tasks
    path("tasks/<int:task_id>/timeline/", views.task_timeline, name="task_timeline"),
    path("tasks/<int:task_id>/milestones/", views.task_milestones, name="task_milestones"),
    path(
        "tasks/<int:task_id>/milestones/<int:pk>/delete/",
        views.milestone_delete,
        name="milestone_delete",
    ),
    path("tasks/<int:task_id>/instructions/", views.instruction_add, name="instruction_add"),
    path("tasks/<int:task_id>/notices/new/", views.notice_new, name="notice_new"),
    # supervision notices
    path("notices/", views.notices, name="notices"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/<str:action>/", views.notice_act, name="notice_act"),
]

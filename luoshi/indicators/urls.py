from django.urls import path

from luoshi.indicators import views, views_breakdown, views_taskfigures

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("table/", views.table, name="table"),
    path("table.xlsx", views.table_xlsx, name="table_xlsx"),
    path("brief.docx", views.brief_docx, name="brief_docx"),
    path("entry/", views.entry, name="entry"),
    path("entry/<int:year>/", views.entry_year, name="entry_year"),
    path("entry/<int:year>/template.xlsx", views.entry_template, name="entry_template"),
    path("entry/<int:year>/upload/", views.entry_upload, name="entry_upload"),
    path("approvals/", views.approvals, name="approvals"),
    path("values/<int:pk>/", views.value_detail, name="value"),
    path("targets/link/", views.goals_link, name="goals_link"),
    path("targets/<int:pk>/", views.goal_detail, name="goal"),
    path("targets/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("targets/<int:pk>/yearly/", views_breakdown.goal_breakdown, name="goal_breakdown"),
    path(
        "plans/<int:plan_id>/yearly-targets.xlsx",
        views_breakdown.breakdown_xlsx,
        name="breakdown_xlsx",
    ),
    path(
        "plans/<int:plan_id>/yearly-targets/upload/",
        views_breakdown.breakdown_upload,
        name="breakdown_upload",
    ),
    path("targets/<int:pk>/steps/", views.step_save, name="step_add"),
    path("targets/<int:pk>/steps/<int:step>/", views.step_save, name="step_edit"),
    path(
        "targets/<int:pk>/steps/<int:step>/evidence/", views.evidence_upload, name="evidence_upload"
    ),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("computed/<slug:code>/<int:region_id>/<int:year>/", views.drilldown, name="drilldown"),
    path(
        "computed/<slug:code>/<int:region_id>/<int:year>.xlsx",
        views.drilldown_xlsx,
        name="drilldown_xlsx",
    ),
    path("tasks/<int:task_id>/figures/", views_taskfigures.task_figures, name="task_figures"),
    path(
        "tasks/<int:task_id>/figures/edit/",
        views_taskfigures.task_figures_edit,
        name="task_figures_edit",
    ),
    path("elements/<int:pk>/official/", views.source_choose, name="source_choose"),
    path("definitions/", views.definitions, name="definitions"),
    path("definitions/elements/new/", views.element_edit, name="element_new"),
    path("definitions/elements/<int:pk>/", views.element_edit, name="element_edit"),
    path("definitions/indicators/new/", views.indicator_edit, name="indicator_new"),
    path("definitions/indicators/<int:pk>/", views.indicator_edit, name="indicator_edit"),
]

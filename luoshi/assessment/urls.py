from django.urls import path

from luoshi.assessment.views import documents, evaluation, scheme

app_name = "assessment"

urlpatterns = [
    # the yearly assessment
    path("", scheme.home, name="home"),
    path("plans/<int:plan_id>/new/", scheme.scheme_new, name="scheme_new"),
    path("<int:pk>/", scheme.scheme, name="scheme"),
    path("<int:pk>/rules/", scheme.scheme_rules, name="scheme_rules"),
    path("<int:pk>/publish/", scheme.scheme_publish, name="scheme_publish"),
    path("<int:pk>/recompute/", scheme.scheme_recompute, name="scheme_recompute"),
    path("<int:pk>/reopen/", scheme.scheme_reopen, name="scheme_reopen"),
    path("<int:pk>/lock/", scheme.scheme_lock, name="scheme_lock"),
    path("<int:pk>/items/", scheme.adjustment_add, name="adjustment_add"),
    path("items/<int:pk>/delete/", scheme.adjustment_remove, name="adjustment_remove"),
    path("items/<int:pk>/evidence/", scheme.adjustment_evidence, name="adjustment_evidence"),
    path("<int:pk>/objections/", scheme.objection_file, name="objection_file"),
    path("objections/<int:pk>/answer/", scheme.objection_answer, name="objection_answer"),
    path("<int:pk>/result.docx", scheme.result_docx, name="result_docx"),
    # official documents
    path("plans/<int:plan_id>/documents/", documents.documents_page, name="documents"),
    path(
        "plans/<int:plan_id>/documents/draft/<str:kind>.docx",
        documents.draft_docx,
        name="draft_docx",
    ),
    path("plans/<int:plan_id>/documents/issue/", documents.issue, name="issue"),
    path("documents/<int:pk>.docx", documents.issued_docx, name="issued_docx"),
    path("documents/<int:pk>/publish/", documents.publish, name="publish"),
    # the end of the plan
    path("plans/<int:plan_id>/final/", evaluation.evaluation, name="evaluation"),
    path("plans/<int:plan_id>/final/start/", evaluation.start, name="evaluation_start"),
    path("plans/<int:plan_id>/final/summary/", evaluation.summary_save, name="evaluation_summary"),
    path("plans/<int:plan_id>/final/finalise/", evaluation.finalise, name="evaluation_finalise"),
    path("plans/<int:plan_id>/final/close-rounds/", evaluation.close_rounds, name="close_rounds"),
    path("plans/<int:plan_id>/final/successor/", evaluation.successor, name="successor"),
    path("plans/<int:plan_id>/final.docx", evaluation.evaluation_docx, name="evaluation_docx"),
    path("final/items/<int:pk>/", evaluation.item_save, name="evaluation_item"),
]

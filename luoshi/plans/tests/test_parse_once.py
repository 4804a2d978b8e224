"""Parse once, keep the document: an upload is read once and its reading kept with the draft,
then with the plan; chapters keep their text; the review shows how each task's units were
read and asks for the doubtful ones to be confirmed; a document without tasks imports with a
warning."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from luoshi import planparse
from luoshi.plans import services
from luoshi.plans.models import Chapter, Plan, PlanImportDraft, PlanRevision, Task
from luoshi.plans.tests.factories import docx_bytes, plan_text

pytestmark = pytest.mark.django_db


def upload(client, name, data):
    return client.post(reverse("plans:import"), {"file": SimpleUploadedFile(name, data)})


def count_reads(monkeypatch) -> list[int]:
    """Every reading of a document's bytes from now on, whatever the format."""
    from luoshi.planparse import readers

    calls = []
    original = readers.read_blocks

    def counting(data, *args, **kwargs):
        calls.append(len(data))
        return original(data, *args, **kwargs)

    monkeypatch.setattr(readers, "read_blocks", counting)
    monkeypatch.setattr(planparse, "read_blocks", counting)

    def refuse(*args, **kwargs):  # the second reader that used to look for citations
        raise AssertionError("the document was opened outside luoshi.planparse")

    import docx
    import pdfplumber

    monkeypatch.setattr(docx, "Document", refuse)
    monkeypatch.setattr(pdfplumber, "open", refuse)
    return calls


def test_upload_preview_map_and_confirm_read_the_document_once(
    login, coordinator, suining_text, units, monkeypatch
):
    client = login(coordinator)
    data = docx_bytes(suining_text.splitlines())
    reads = count_reads(monkeypatch)
    response = upload(client, "遂宁方案.docx", data)
    preview_url = response["Location"]
    assert client.get(preview_url).status_code == 200
    client.post(preview_url, {"action": "save", "coordinating_unit": units["kjj"].pk})
    assert client.get(preview_url).status_code == 200
    done = client.post(preview_url, {"action": "confirm", "coordinating_unit": units["kjj"].pk})
    assert done.status_code == 302
    assert reads == [len(data)]
    revision = PlanRevision.objects.get()
    assert bytes(revision.document) == data
    assert revision.parsed["parent_reference"] == "川办发〔2022〕13号"
    assert Plan.objects.get().parent_reference == "川办发〔2022〕13号"


def test_the_draft_keeps_the_reading_made_at_upload(login, coordinator, suining_bytes, units):
    client = login(coordinator)
    upload(client, "plan.txt", suining_bytes)
    draft = PlanImportDraft.objects.get()
    assert len(draft.parsed["tasks"]) == 25
    assert draft.parsed["tasks"][0]["rule"] == "rule_comma"
    assert bytes(draft.data) == suining_bytes


def test_the_plan_keeps_every_chapter_text_and_how_each_task_was_read(plan):
    guarantee = Chapter.objects.get(plan=plan, title="保障措施")
    assert guarantee.text.startswith("(一)强化组织领导")
    assert "市委督查室" in guarantee.text or len(guarantee.text) > 50
    task = Task.objects.get(plan=plan, number="1")
    assert task.roles_rule == Task.RolesRule.RULE_COMMA
    assert task.roles_confidence == pytest.approx(0.9)


def test_rule_codes_match_the_parser(plan):
    assert set(Task.RolesRule.values) == set(planparse.RULES)


def test_the_plan_page_shows_chapter_text(login, coordinator, plan):
    html = login(coordinator).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert 'data-testid="chapter-text"' in html and "强化组织领导" in html


def test_the_review_shows_the_rule_and_asks_to_confirm_doubtful_tasks(login, coordinator, units):
    # No rule stated and every clause split by a comma: the lead is a guess.
    text = plan_text("XX市科技创新工作方案", 3, units=["市科技局", "市财政局", "市教育体育局"])
    client = login(coordinator)
    preview_url = upload(client, "plan.txt", text.encode())["Location"]
    html = client.get(preview_url).content.decode()
    assert html.count('data-testid="unsure-task"') == 3
    assert "未说明规则" in html and "可信度 0.60" in html

    refused = client.post(preview_url, {"action": "confirm", "confirmed": ["0", "1"]})
    assert refused.status_code == 200
    assert "请核对并确认以下任务的责任单位" in refused.content.decode()
    assert not Plan.objects.exists()

    done = client.post(preview_url, {"action": "confirm", "confirmed": ["0", "1", "2"]})
    assert done.status_code == 302
    assert Task.objects.filter(roles_rule=Task.RolesRule.COMMA).count() == 3


def test_confirming_a_draft_through_the_service_needs_the_doubtful_tasks(
    coordinator, directory, units
):
    from luoshi.core.errors import ValidationFailed

    text = plan_text("XX市科技创新工作方案", 2, units=["市科技局", "市财政局", "市教育体育局"])
    draft = services.import_draft_create(
        actor=coordinator, data=text.encode(), filename="p.txt", region=directory
    )
    with pytest.raises(ValidationFailed):
        services.import_draft_confirm(actor=coordinator, draft=draft)
    assert not Plan.objects.exists()
    result = services.import_draft_confirm(actor=coordinator, draft=draft, confirmed=[0, 1])
    assert result.plan.tasks.count() == 2
    # Confirmed again (a double click, a browser resending the form): imported once, and told.
    with pytest.raises(ValidationFailed, match="已导入"):
        services.import_draft_confirm(actor=coordinator, draft=draft, confirmed=[0, 1])
    assert Plan.objects.count() == 1


NOTICE = (
    "遂宁市人民政府办公室关于印发遂宁市2024年重点任务清单的通知\n"
    "各县（市、区）人民政府：\n"
    "现将《遂宁市2024年重点任务清单》印发给你们，请认真抓好落实。\n"
    "一、压实工作责任。各牵头单位要细化措施。\n"
    "二、加强督促检查。市政府督查室定期通报。\n"
    "附件：遂宁市2024年重点任务清单\n"
    "遂宁市人民政府办公室\n"
    "2024年1月8日\n"
)


def test_a_document_without_tasks_imports_with_a_clear_warning(login, coordinator, units):
    client = login(coordinator)
    preview_url = upload(client, "notice.txt", NOTICE.encode())["Location"]
    html = client.get(preview_url).content.decode()
    assert "文件中没有任务" in html and "不能开启报送周期" in html
    done = client.post(preview_url, {"action": "confirm", "coordinating_unit": units["kjj"].pk})
    assert done.status_code == 302
    plan = Plan.objects.get()
    assert plan.tasks.count() == 0
    assert plan.title == "遂宁市人民政府办公室关于印发遂宁市2024年重点任务清单的通知"


def test_a_plan_read_before_the_parser_learned_more_is_unchanged_by_the_same_document(
    plan, coordinator, directory, suining_bytes
):
    # The revision as an older parser stored it: no rule, confidence, targets per task,
    # chapter text or parent reference.
    revision = plan.revisions.get()
    old = dict(revision.parsed)
    old.pop("parent_reference")
    old["tasks"] = [
        {k: v for k, v in t.items() if k not in ("rule", "confidence", "targets")}
        for t in old["tasks"]
    ]
    old["chapters"] = [{k: v for k, v in c.items() if k != "text"} for c in old["chapters"]]
    revision.parsed = old
    revision.save(update_fields=["parsed"])
    result = services.plan_import(
        actor=coordinator,
        data=suining_bytes + b"\n",  # another file, the same document
        filename="suining-again.txt",
        region=directory,
    )
    assert not result.changed and plan.revisions.count() == 1

"""Import through the pages: upload → preview → map an unknown name → confirm → plan page.
Bad uploads get a Chinese message and nothing is saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from luoshi.org.models import Unit, UnitAlias
from luoshi.plans.forms import mapping_field_name
from luoshi.plans.models import Assignment, Plan, PlanImportDraft, Task
from luoshi.plans.tests.factories import docx_bytes

pytestmark = pytest.mark.django_db

UNKNOWN = "市科学技术普及协会"


def upload(client, name, data, plan=None):
    url = reverse("plans:import") + (f"?plan={plan.pk}" if plan else "")
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def with_unknown(text: str) -> str:
    return text.replace("市科协)", f"{UNKNOWN})")


def test_upload_preview_choose_and_confirm_imports_the_plan_saving_the_alias_asked_for(
    login, coordinator, suining_text, units
):
    client = login(coordinator)
    paragraphs = with_unknown(suining_text).splitlines()
    response = upload(client, "遂宁方案.docx", docx_bytes(paragraphs))
    draft = PlanImportDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "plans:import_preview", args=[draft.token]
    )

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "遂宁市增强协同创新发展能力行动方案" in html
    assert UNKNOWN in html and "不在单位名录中" in html
    assert "市发展改革委" in html and "各县(市、区)政府" in html
    assert "全社会研发投入强度" in html
    assert not Plan.objects.exists()

    key = mapping_field_name(UNKNOWN)
    done = client.post(
        response["Location"],
        {
            "action": "confirm",
            "coordinating_unit": units["kjj"].pk,
            key: units["kx"].pk,
            key + "_alias": "on",
        },
    )
    plan = Plan.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse(
        "supervision:setup_accounts", args=[plan.pk]
    )
    assert UnitAlias.objects.filter(unit=units["kx"], name=UNKNOWN).exists()
    assert Assignment.objects.filter(task__plan=plan, task__number="7", unit=units["kx"]).exists()
    assert Task.objects.filter(plan=plan).count() == 25
    assert not PlanImportDraft.objects.exists()
    # The message shows on the page the confirmation leads to (the accounts step).
    assert "方案已导入（第 1 版）" in client.get(done["Location"]).content.decode()
    overview = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "融入成渝地区双城经济圈建设" in overview


def test_a_unit_chosen_without_remembering_it_adds_no_alias(
    login, coordinator, suining_text, units
):
    client = login(coordinator)
    response = upload(client, "plan.txt", with_unknown(suining_text).encode())
    client.post(
        response["Location"], {"action": "confirm", mapping_field_name(UNKNOWN): units["kx"].pk}
    )
    plan = Plan.objects.get()
    assert Assignment.objects.filter(task__plan=plan, task__number="7", unit=units["kx"]).exists()
    assert not UnitAlias.objects.filter(name=UNKNOWN).exists()


def test_an_unknown_name_left_at_its_proposal_becomes_a_new_unit(
    login, coordinator, suining_text, directory
):
    client = login(coordinator)
    response = upload(client, "plan.txt", with_unknown(suining_text).encode())
    html = client.get(response["Location"]).content.decode()
    assert "新建此单位" in html and "遂宁市科学技术普及协会" in html
    client.post(response["Location"], {"action": "confirm"})
    plan = Plan.objects.get()
    created = Unit.objects.get(region=directory, name="遂宁市科学技术普及协会")
    assert created.short_name == UNKNOWN
    assert Assignment.objects.filter(task__plan=plan, task__number="7", unit=created).exists()


def test_choices_are_kept_with_the_upload_and_it_waits_on_the_plans_page(
    login, coordinator, suining_text, units
):
    client = login(coordinator)
    response = upload(client, "plan.txt", with_unknown(suining_text).encode())
    preview_url = response["Location"]
    key = mapping_field_name(UNKNOWN)
    saved = client.post(preview_url, {"action": "save", key: "ignore"})
    assert saved.status_code == 302
    assert PlanImportDraft.objects.get().choices[UNKNOWN]["pick"] == "ignore"
    html = client.get(preview_url).content.decode()
    assert 'value="ignore" selected' in html
    listing = client.get(reverse("plans:list")).content.decode()
    assert "未完成的导入" in listing and preview_url in listing
    assert not Plan.objects.exists() and not UnitAlias.objects.filter(name=UNKNOWN).exists()
    # Ignored: the name stays in the task's units as written and assigns nobody.
    client.post(preview_url, {"action": "confirm"})
    task = Task.objects.get(number="7")
    assert UNKNOWN in task.units_raw["cooperating"]
    assert not Assignment.objects.filter(task=task, source_name=UNKNOWN).exists()


def test_discarding_the_preview_deletes_the_upload(login, coordinator, suining_bytes):
    client = login(coordinator)
    response = upload(client, "plan.txt", suining_bytes)
    client.post(response["Location"], {"action": "cancel"})
    assert not PlanImportDraft.objects.exists() and not Plan.objects.exists()


def test_someone_elses_draft_is_not_found(login, coordinator, admin_user, suining_bytes):
    response = upload(login(coordinator), "plan.txt", suining_bytes)
    assert login(admin_user).get(response["Location"]).status_code == 404


def test_a_new_version_uploaded_from_the_plan_page_shows_the_changes(
    login, coordinator, plan, suining_text
):
    client = login(coordinator)
    revised = suining_text.replace(
        "培育高能级协同创新平台。聚焦锂电", "培育高能级协同创新平台。重点聚焦锂电"
    )
    response = upload(client, "v2.txt", revised.encode(), plan=plan)
    html = client.get(response["Location"]).content.decode()
    assert "新版本" in html and "改写 1" in html
    client.post(response["Location"], {"action": "confirm"})
    assert plan.revisions.count() == 2
    history = client.get(reverse("plans:revisions", args=[plan.pk])).content.decode()
    assert "第 2 版" in history and "培育高能级协同创新平台" in history


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.txt", b"", "文件为空"),
        ("plan.txt", bytes(range(256)) * 40, "不是纯文本文档"),
        (
            "plan.docx",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,
            "不是Word（.docx）文档",
        ),
        ("plan.pdf", b"PK\x03\x04 not really a zip" + b"\x00" * 100, "不是PDF文档"),
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 100, "只能导入 .txt、.docx 或 .pdf 文件"),
        (
            "plan.txt",
            "这只是一段没有任何编号标题和任务的普通文字。".encode() * 3,
            "未识别到方案结构",
        ),
    ],
    ids=["empty", "binary-garbage", "exe-renamed-docx", "zip-renamed-pdf", "exe", "no-structure"],
)
def test_a_bad_upload_gets_a_chinese_message_and_nothing_is_saved(
    login, coordinator, name, data, message
):
    response = upload(login(coordinator), name, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PlanImportDraft.objects.exists() and not Plan.objects.exists()


def test_an_oversized_upload_is_refused_before_parsing(login, coordinator, settings, suining_bytes):
    settings.LUOSHI_MAX_UPLOAD_BYTES = 1000
    response = upload(login(coordinator), "plan.txt", suining_bytes)
    assert "文件过大" in response.content.decode()
    assert not PlanImportDraft.objects.exists()


@pytest.mark.parametrize("persona", ["leader", "lead_reporter", "lead_approver", "outsider"])
def test_the_upload_page_is_for_the_coordinating_office_only(
    persona, personas, login, suining_bytes
):
    client = login(personas[persona])
    assert client.get(reverse("plans:import")).status_code == 403
    assert upload(client, "plan.txt", suining_bytes).status_code == 403
    assert not PlanImportDraft.objects.exists()

"""Re-importing: the same document changes nothing; a revised one updates in place with history.

Chosen semantics: the same file (sha256) or the same parsed content writes nothing at all —
no rows, no revision, no audit event — and reports `changed=False`.
"""

import re

import pytest

from luoshi.core.errors import PermissionDenied
from luoshi.core.models import AuditEvent
from luoshi.plans import services
from luoshi.plans.models import Assignment, Chapter, PlanRevision, Section, Target, Task

pytestmark = pytest.mark.django_db


def counts():
    return {
        "tasks": Task.objects.count(),
        "assignments": Assignment.objects.count(),
        "targets": Target.objects.count(),
        "chapters": Chapter.objects.count(),
        "sections": Section.objects.count(),
        "revisions": PlanRevision.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def revise(text: str) -> str:
    """The Suining plan with one task reworded (5), one removed (20), one added (26) and
    one unit changed (task 3: 市商务局 → 市财政局)."""
    text = text.replace("培育高能级协同创新平台。聚焦锂电", "培育高能级协同创新平台。重点聚焦锂电")
    text = re.sub(r"\n20\.协同实施国际大科学培育计划[^\n]*", "", text)
    text = text.replace(
        "市农业农村局、市经济和信息化局、市商务局、市生态环境局",
        "市农业农村局、市经济和信息化局、市财政局、市生态环境局",
    )
    addition = "\n26.推进科技创新券跨市通用。推动科技创新券在成渝地区跨市使用和兑付。(责任单位:市科技局,市财政局)"
    return text.replace(
        "(责任单位:市市场监管局,市委宣传部、市法院、市检察院、市公安局、市司法局)",
        "(责任单位:市市场监管局,市委宣传部、市法院、市检察院、市公安局、市司法局)" + addition,
    )


def test_reimporting_the_same_file_changes_nothing(plan, coordinator, directory, suining_bytes):
    before = counts()
    result = services.plan_import(
        actor=coordinator, data=suining_bytes, filename="again.txt", region=directory
    )
    assert result.plan == plan and not result.changed and not result.created
    assert result.revision.number == 1
    assert counts() == before


def test_reimporting_the_same_content_in_another_encoding_changes_nothing(
    plan, coordinator, directory, suining_text
):
    before = counts()
    result = services.plan_import(
        actor=coordinator, data=suining_text.encode("gb18030"), filename="gbk.txt", region=directory
    )
    assert not result.changed and counts() == before


def test_the_preview_of_the_same_document_says_nothing_would_change(
    plan, coordinator, directory, suining_bytes
):
    preview = services.plan_import_preview(
        actor=coordinator, data=suining_bytes, filename="s.txt", region=directory
    )
    assert preview.plan == plan and preview.unchanged and not preview.can_confirm


def test_a_revised_version_shows_what_changed_in_the_preview(
    plan, coordinator, directory, suining_text
):
    preview = services.plan_import_preview(
        actor=coordinator, data=revise(suining_text).encode(), filename="v2.txt", region=directory
    )
    assert preview.plan == plan and not preview.unchanged
    changes = preview.changes
    assert changes["summary"]["added"] == 1 and changes["summary"]["removed"] == 1
    assert [t["number"] for t in changes["tasks_added"]] == ["26"]
    assert [t["number"] for t in changes["tasks_removed"]] == ["20"]
    assert [t["number"] for t in changes["tasks_reworded"]] == ["5"]
    (units,) = changes["units_changed"]
    assert units["number"] == "3"
    assert units["added"] == [{"name": "市财政局", "role": "cooperating"}]
    assert units["removed"] == [{"name": "市商务局", "role": "cooperating"}]
    assert Task.objects.filter(plan=plan).count() == 25  # the preview wrote nothing


def test_a_revised_version_updates_the_plan_in_place_and_keeps_history(
    plan, coordinator, directory, suining_text, units
):
    task_ids = dict(Task.objects.filter(plan=plan).values_list("number", "pk"))
    result = services.plan_import(
        actor=coordinator, data=revise(suining_text).encode(), filename="v2.txt", region=directory
    )
    assert result.plan == plan and result.changed and result.revision.number == 2
    # Matched tasks keep their rows (reports hang off them); the removed one stays, inactive.
    assert dict(
        Task.objects.filter(plan=plan, number__in=["3", "5", "20"]).values_list("number", "pk")
    ) == {n: task_ids[n] for n in ["3", "5", "20"]}
    removed = Task.objects.get(pk=task_ids["20"])
    assert removed.active is False
    assert "重点聚焦锂电" in Task.objects.get(pk=task_ids["5"]).text
    added = Task.objects.get(plan=plan, number="26")
    assert added.active and added.section.title == "共建协同创新生态"
    assert Task.objects.filter(plan=plan, active=True).count() == 25
    # The unit change: 市商务局 no longer cooperates on task 3 (kept inactive), 市财政局 does.
    task3 = Task.objects.get(pk=task_ids["3"])
    assert not task3.assignments.get(unit=units["swuj"]).active
    assert task3.assignments.get(unit=units["czj"], active=True).role == "cooperating"
    revision = PlanRevision.objects.get(plan=plan, number=2)
    assert revision.changes["summary"]["added"] == 1 and revision.changes["summary"]["removed"] == 1
    assert revision.source_name == "v2.txt"
    verbs = set(AuditEvent.objects.filter(model="plans.task").values_list("verb", flat=True))
    assert {"remove", "import", "revise"} <= verbs
    assert AuditEvent.objects.filter(model="plans.plan", verb="revise").exists()


def test_importing_the_revised_version_twice_changes_nothing_the_second_time(
    plan, coordinator, directory, suining_text
):
    data = revise(suining_text).encode()
    services.plan_import(actor=coordinator, data=data, filename="v2.txt", region=directory)
    before = counts()
    assert not services.plan_import(
        actor=coordinator, data=data, filename="v2.txt", region=directory
    ).changed
    assert counts() == before


def test_going_back_to_the_first_version_reinstates_the_removed_task(
    plan, coordinator, directory, suining_text
):
    services.plan_import(
        actor=coordinator, data=revise(suining_text).encode(), filename="v2.txt", region=directory
    )
    result = services.plan_import(
        actor=coordinator,
        data=suining_text.encode(),
        filename="v3.txt",
        region=directory,
        plan=plan,
    )
    # The first version's hash is not the latest revision's, so this is a new revision.
    assert result.changed and result.revision.number == 3
    assert Task.objects.get(plan=plan, number="20").active
    assert not Task.objects.get(plan=plan, number="26").active
    assert [t["number"] for t in result.changes["tasks_added"]] == ["20"]
    assert result.changes["tasks_added"][0]["reinstated"] is True


def test_a_renumbered_task_keeps_its_row(plan, coordinator, directory, suining_text):
    """A task inserted at the top of a section shifts the numbers of the ones after it."""
    original = dict(Task.objects.filter(plan=plan).values_list("title", "pk"))
    text = suining_text.replace(
        "\n1.融入成渝地区双城经济圈建设",
        "\n1.新增一项工作。做好新增工作。(责任单位:市科技局,市财政局)\n1.融入成渝地区双城经济圈建设",
    )
    lines = text.split("\n")
    # Renumber the task lines after the inserted one: 1→2, 2→3 … 25→26.
    number = 0
    for i, line in enumerate(lines):
        match = re.match(r"^(\d+)\.", line)
        if match:
            number += 1
            lines[i] = f"{number}." + line[match.end() :]
    result = services.plan_import(
        actor=coordinator, data="\n".join(lines).encode(), filename="v2.txt", region=directory
    )
    assert result.changes["summary"]["added"] == 1 and result.changes["summary"]["removed"] == 0
    moved = Task.objects.get(pk=original["融入成渝地区双城经济圈建设"])
    assert moved.number == "2" and moved.active
    assert Task.objects.get(pk=original["加大知识产权保护力度"]).number == "26"


def test_only_the_plans_own_office_may_import_a_new_version(plan, directory, suining_text, units):
    from luoshi.accounts import services as accounts
    from luoshi.core.roles import Role

    other_office = accounts.user_create(
        actor=None,
        username="fgw-office",
        password=None,
        unit=units["fgw"],
        role=Role.COORDINATOR,
        validate=False,
    )
    with pytest.raises(PermissionDenied):
        services.plan_import(
            actor=other_office,
            data=revise(suining_text).encode(),
            filename="v2.txt",
            region=directory,
        )
    assert PlanRevision.objects.filter(plan=plan).count() == 1

"""Demo: the programme figures the Suining plan's tasks show with their reports.

The open-sharing figures of task 7 get their data elements here (the other programmes'
elements come from enterprises.py, contracts.py and programmes.py); then each task is linked
to the elements computed by its programme's registry computations. Runs last; a second run
changes nothing: existing elements are kept, and a task that already has figures (the
demo's or the office's own choice) is left alone. A computation with no element, or an
element whose app is absent, is skipped.
"""

from __future__ import annotations

from luoshi.indicators import computations
from luoshi.indicators import services as indicators
from luoshi.indicators.models import DataElement, TaskFigure
from luoshi.org.models import Region, Unit
from luoshi.plans.models import Plan, Task

TITLE = "遂宁市增强协同创新发展能力行动方案"
REGION = "遂宁市"
DEMO_DEFINITION = "由luoshi开放共享业务数据自动计算（演示）。"

# Elements of the open-sharing figures (task 7), supplied by 市科技局:
# code (= the computation's key), name, aggregation, value type.
ELEMENTS = [
    ("sharing_instruments_open", "对外开放大型科研仪器数", "last", "integer"),
    ("sharing_outside_hours", "大型科研仪器对外共享机时", "sum", "number"),
    ("vouchers_issued", "科技创新券发放额", "sum", "number"),
    ("vouchers_settled", "科技创新券兑付额", "sum", "number"),
    ("experts_in_database", "专家库入库专家数", "last", "integer"),
    ("testing_labs_in_database", "检验检测机构库入库机构数", "last", "integer"),
]

# Task number → the registry computations whose elements its reports show, in order.
# Task 8 (R&D post-subsidies) has no registry computation yet; it gets figures once one is
# registered and added here.
TASK_FIGURES = {
    "7": [
        "sharing_instruments_open",
        "sharing_outside_hours",
        "vouchers_issued",
        "vouchers_settled",
        "experts_in_database",
        "testing_labs_in_database",
    ],
    "11": ["high_tech_valid", "tech_sme_registered"],
    "15": ["contract_turnover_out", "contract_turnover_in"],
    "16": ["contract_turnover_out", "contract_turnover_in"],
    "17": ["contract_turnover_out", "contract_turnover_in"],
    "18": ["tech_finance_lent", "ip_pledge_lent"],
    "23": ["talent_cards_valid"],
    "24": ["st_projects_city_funding"],
}


def _elements(city: Region) -> int:
    """Create the open-sharing elements whose computation is registered, and compute the
    figures of those that have none. Returns how many elements were created."""
    office = Unit.objects.filter(region=city, code="kjj").first()
    if office is None:
        return 0
    made = []
    for code, name, aggregation, value_type in ELEMENTS:
        computation = computations.get(code)
        if computation is None or DataElement.objects.filter(code=code).exists():
            continue
        made.append(
            indicators.element_save(
                actor=None,
                code=code,
                name=name,
                unit_of_measure=computation.unit,
                aggregation=aggregation,
                value_type=value_type,
                supplying_unit=office,
                computation=code,
                definition=DEMO_DEFINITION,
            ).code
        )
    # Elements created now, or earlier without figures yet (a run that stopped half-way).
    unfigured = set(
        DataElement.objects.filter(code__in=[e[0] for e in ELEMENTS], computed__isnull=True)
        .exclude(computation="")
        .values_list("code", flat=True)
    )
    if unfigured:
        indicators.computed_values_refresh(region=city, element_codes=sorted(unfigured))
    return len(made)


def _links(plan: Plan) -> int:
    """Link each task to its programme's elements, unless it has figures already."""
    by_key: dict[str, DataElement] = {}
    for element in DataElement.objects.filter(active=True).exclude(computation=""):
        by_key.setdefault(element.computation, element)
    tasks = {t.number: t for t in Task.objects.filter(plan=plan, active=True)}
    linked = set(
        TaskFigure.objects.filter(task__plan=plan).values_list("task_id", flat=True).distinct()
    )
    count = 0
    for number, keys in TASK_FIGURES.items():
        task = tasks.get(number)
        elements = [by_key[k] for k in keys if k in by_key]
        if task is None or task.pk in linked or not elements:
            continue
        indicators.task_figures_set(actor=None, task=task, elements=elements, is_demo=True)
        count += 1
    return count


def load(*, stdout) -> None:
    city = Region.objects.filter(name=REGION, kind=Region.Kind.CITY).first()
    plan = (
        Plan.objects.filter(title=TITLE, region__name=REGION).order_by("-id").first()
        if city
        else None
    )
    if plan is None:
        stdout.write("task figures: no Suining plan; skipped")
        return
    created = _elements(city)
    tasks = _links(plan)
    stdout.write(
        f"task figures: {created} open-sharing data elements, programme figures linked "
        f"to {tasks} tasks (demo)"
    )

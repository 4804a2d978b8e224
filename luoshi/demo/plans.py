"""Demo: the Suining plan, shipped as package data, imported into the Suining directory."""

from pathlib import Path

import luoshi.plans
from luoshi.org.models import Region
from luoshi.org.resolver import Directory
from luoshi.plans import services

DOCUMENT = Path(luoshi.plans.__file__).parent / "data" / "suining-2022-action-plan.txt"
REGION = "遂宁市"
COORDINATING_UNIT = "市科技局"


def load(*, stdout) -> None:
    region = Region.objects.get(name=REGION, kind=Region.Kind.CITY)
    office = Directory(region).resolve(COORDINATING_UNIT).unit
    result = services.plan_import(
        actor=None,
        data=DOCUMENT.read_bytes(),
        filename=DOCUMENT.name,
        region=region,
        coordinating_unit=office,
        is_demo=True,
    )
    plan = result.plan
    stdout.write(
        f"plans: {plan.title} — {plan.tasks.filter(active=True).count()} tasks, "
        f"revision {result.revision.number}{'' if result.changed else ' (unchanged)'}"
    )

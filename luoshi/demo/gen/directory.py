"""A city's unit directory (through org's directory_load) and its accounts (bulk)."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth.hashers import make_password

from luoshi.accounts.models import User
from luoshi.core.roles import Role
from luoshi.demo.gen.names import EXTRA_DEPARTMENTS, place_name
from luoshi.demo.gen.scales import CitySpec, rng_for
from luoshi.demo.gen.writer import BulkWriter
from luoshi.org import services as org_services
from luoshi.org.models import Region, Unit

FIXTURE = Path(settings.BASE_DIR) / "org" / "fixtures" / "suining.yaml"
PROVINCE = "四川省"


@cache
def suining_fixture() -> dict:
    return yaml.safe_load(FIXTURE.read_text("utf-8"))


def _province(spec: CitySpec) -> tuple[str, str]:
    if spec.index < 21:
        return PROVINCE, "51"
    k = (spec.index - 21) // 10
    return f"{place_name(k * 11 + 5)}省", f"p{k:02d}"


def city_fixture(spec: CitySpec) -> dict:
    """The directory of `spec` in suining.yaml's format: Suining itself, or a renamed copy
    with its own counties, parks and a few more departments."""
    base = suining_fixture()
    if spec.is_suining:
        return copy.deepcopy(base)
    province, province_code = _province(spec)
    city = spec.name
    gov = f"{city}人民政府"
    counties = [
        {"name": c, "kind": "county", "code": f"{province_code}{spec.index:03d}{i:02d}"}
        for i, c in enumerate(spec.counties)
    ]
    parks = [
        {"name": full, "short_name": short, "kind": "park", "code": f"park{i}"}
        for i, (full, short) in enumerate(spec.parks)
    ]
    partner_park = spec.rename("遂潼涪江创新产业园区")
    parks.append(
        {
            "name": partner_park,
            "short_name": spec.rename("遂潼园区"),
            "kind": "park",
            "code": "partner",
        }
    )
    for p in parks:
        p["counted_in_parent"] = False
    regions = [
        {
            "name": province,
            "kind": "province",
            "code": province_code,
            "children": [
                {
                    "name": city,
                    "kind": "city",
                    "code": f"{province_code}{spec.index:02d}",
                    "children": counties + parks,
                }
            ],
        }
    ]
    units = []
    for item in base["units"]:
        if item.get("kind") in ("county", "park"):
            continue
        unit = {k: v for k, v in item.items() if k not in ("members",)}
        for key in ("name", "short_name", "parent"):
            if key in unit:
                unit[key] = spec.rename(unit[key])
        if unit.get("place"):
            unit["place"] = city
        if "aliases" in unit:
            unit["aliases"] = [spec.rename(a) for a in unit["aliases"]]
        if "members" in item:
            unit["members"] = []
        units.append(unit)
    county_units = []
    for i, county in enumerate(spec.counties):
        county_units.append(
            {
                "name": f"{city}{county}人民政府",
                "short_name": f"{county}政府",
                "code": f"county{i}",
                "kind": "county",
                "parent": gov,
                "place": county,
            }
        )
    park_units = []
    for i, (full, short) in enumerate(spec.parks):
        park_units.append(
            {
                "name": f"{full}管理委员会",
                "short_name": f"{short}管委会",
                "code": f"park{i}",
                "kind": "park",
                "parent": gov,
                "place": full,
            }
        )
    park_units.append(
        {
            "name": f"{partner_park}筹备委员会",
            "short_name": spec.rename("遂潼园区筹委会"),
            "code": "partner",
            "kind": "park",
            "parent": gov,
            "place": partner_park,
        }
    )
    extra = [
        {
            "name": f"{city}{full}",
            "short_name": short,
            "code": code,
            "kind": "department",
            "parent": gov,
        }
        for full, short, code in EXTRA_DEPARTMENTS[: spec.extra_departments]
    ]
    # Keep the order of the fixture: government first, counties, parks, groups, departments.
    ordered = units[:2] + county_units + park_units + units[2:] + extra
    for unit in ordered:
        if unit.get("code") == "counties":
            unit["members"] = [u["name"] for u in county_units]
        elif unit.get("code") == "parks":
            unit["members"] = [u["name"] for u in park_units[:-1]]
    return {"regions": regions, "directory": city, "units": ordered}


def load_directory(spec: CitySpec) -> Region:
    org_services.directory_load(actor=None, data=city_fixture(spec))
    return Region.objects.get(name=spec.name, kind=Region.Kind.CITY)


def password_hash() -> str:
    """One hash for every generated account (the demo password): hashing ~3,000 passwords
    one by one would take minutes and buys nothing for generated accounts."""
    return make_password(settings.LUOSHI_DEMO_PASSWORD)


def username(spec: CitySpec, unit_code: str, role: str) -> str:
    return f"{spec.code}.{unit_code}.{role}"


def create_users(
    writer: BulkWriter, spec: CitySpec, region: Region, password: str
) -> dict[str, int]:
    """An office account at the coordinating unit (科技局), a leader at the city
    government, and a reporter and an approver for every reporting unit.
    Returns {username: id}."""
    users = writer[User]
    made: dict[str, int] = {}
    units = list(
        Unit.objects.filter(region=region)
        .exclude(kind=Unit.Kind.GROUP)
        .order_by("order", "id")
        .values_list("id", "code", "short_name", "name")
    )
    rng = rng_for(0, "users", spec.index)

    def add(name: str, unit_id: int, role: str, full_name: str) -> None:
        made[name] = users.add(
            username=name,
            password=password,
            unit_id=unit_id,
            role=role,
            full_name=full_name,
            is_demo=True,
            email=f"{name}@example.invalid",
            phone=f"138{rng.randrange(10**8):08d}",
        )

    for unit_id, code, short, full in units:
        code = code or f"u{unit_id}"
        label = short or full
        if code == "city":
            add(f"{spec.code}.leader", unit_id, Role.LEADER, f"{spec.name}领导")
            continue
        if code == "kjj":
            add(f"{spec.code}.office", unit_id, Role.COORDINATOR, f"{label}督查专员")
        add(username(spec, code, "reporter"), unit_id, Role.REPORTER, f"{label}填报员")
        add(username(spec, code, "approver"), unit_id, Role.APPROVER, f"{label}审核人")
    return made

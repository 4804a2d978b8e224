"""`luoshi gen-data`: the whole generation, phase by phase, with progress and a summary."""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
import time
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from luoshi.accounts.models import User
from luoshi.accounts.roles import Role
from luoshi.core.audit import audit
from luoshi.core.errors import ValidationFailed
from luoshi.core.gen import directory, history, plans, series
from luoshi.core.gen.scales import SCALES, city_specs, rng_for
from luoshi.core.gen.writer import BulkWriter, Progress, peak_rss_mb
from luoshi.core.models import AuditEvent
from luoshi.org.models import Region, Unit
from luoshi.plans.models import Assignment, Plan
from luoshi.supervision.models import ReportVersion, Review, UnitReport

MARKER_VERB = "gen_data"


@dataclass
class Summary:
    scale: str
    seed: int
    today: dt.date
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [
            f"scale {self.scale} (seed {self.seed}, as of {self.today}) on {connection.vendor}: "
            f"{self.seconds:.0f} s, peak memory {self.peak_rss_mb:.0f} MB"
        ]
        out += [f"  {name:<16} {value:>12,}" for name, value in self.counts.items()]
        out += [f"  phase {name:<10} {secs:8.1f} s" for name, secs in self.phases.items()]
        return out


def generated_scales() -> dict[str, dict]:
    """Scales already generated into this database (from their audit marker)."""
    out = {}
    for event in AuditEvent.objects.filter(verb=MARKER_VERB).order_by("id"):
        extra = (event.changes or {}).get("_extra") or {}
        if extra.get("scale"):
            out[extra["scale"]] = extra
    return out


def generate(
    *,
    scale: str,
    seed: int = 1,
    batch: int = 20000,
    today: dt.date | None = None,
    stdout=None,
    progress: bool = True,
    cities: int | None = None,
) -> Summary:
    """Generate `scale` into the (empty) default database."""
    spec = SCALES[scale]
    if Plan.objects.exists() or UnitReport.objects.exists():
        raise ValidationFailed(
            "The database already holds plans; generate into an empty database "
            "(e.g. LUOSHI_VAR_DIR=/tmp/x or a fresh DATABASE_URL)."
        )
    today = today or timezone.localdate()
    stream = stdout or sys.stderr
    summary = Summary(scale=scale, seed=seed, today=today)
    started = time.perf_counter()
    cities = city_specs(spec, seed)[: cities or None]
    writer = BulkWriter(batch=batch)
    writer[User]
    history.register(writer)

    def phase(name: str, t0: float) -> float:
        now = time.perf_counter()
        summary.phases[name] = now - t0
        return now

    # 1. Directories and accounts.
    t0 = time.perf_counter()
    bar = Progress("directories", len(cities), stream=stream, enabled=progress)
    regions: list[Region] = []
    users: dict[str, int] = {}
    for city in cities:
        region = directory.load_directory(city)
        regions.append(region)
        users.update(directory.create_users(writer, city, region))
        bar.advance()
    bar.close()
    writer.flush()
    t0 = phase("directories", t0)

    # 2. Plans, cycles, periods.
    total_plans = sum(1 + c.variants for c in cities)
    bar = Progress("plans", total_plans, stream=stream, enabled=progress)
    city_plans: list[list[Plan]] = []
    for city, region in zip(cities, regions, strict=True):
        made = plans.import_plans(city, region, spec, seed, today)
        city_plans.append(made)
        bar.advance(len(made))
    bar.close()
    t0 = phase("plans", t0)

    # 3. Supervision history, streamed plan by plan.
    unit_users = _unit_users(users)
    cells = Assignment.objects.filter(
        task__plan__in=[p for ps in city_plans for p in ps], active=True
    ).count()
    bar = Progress("reports", cells * (spec.quarters + 1), stream=stream, enabled=progress)
    totals: dict[str, int] = {}
    rebuild = writer.drop_indexes(history.BULK_MODELS)
    try:
        _history(writer, cities, regions, city_plans, users, unit_users, seed, today, bar, totals)
    finally:
        bar.close()
        t0 = phase("history", t0)
        bar = Progress("indexes", len(rebuild), stream=stream, enabled=progress)
        writer.rebuild_indexes(rebuild)
        bar.advance(len(rebuild))
        bar.close()
    t0 = phase("indexes", t0)

    # 4. Indicator series and the computed table.
    bar = Progress("indicators", len(cities), stream=stream, enabled=progress)
    elements = series.define(regions[0])
    last_year = today.year - 1
    years = list(range(last_year - spec.indicator_years + 1, last_year + 1))
    values = 0
    for city, region, made in zip(cities, regions, city_plans, strict=True):
        values += series.write_values(
            writer,
            city,
            region,
            elements,
            seed=seed,
            years=years,
            office_id=users.get(f"{city.code}.office"),
            now=writer.now,
        )
        writer.flush()
        series.finish_city(region, made[0] if made else None)
        bar.advance()
    bar.close()
    writer.close()
    phase("indicators", t0)

    summary.counts = {
        "cities": len(cities),
        "units": Unit.objects.exclude(kind=Unit.Kind.GROUP).count(),
        "users": len(users),
        "plans": total_plans,
        "assignments": cells,
        "unit reports": writer[UnitReport].written,
        **{k: v for k, v in sorted(totals.items())},
        "versions": writer[ReportVersion].written,
        "reviews": writer[Review].written,
        "indicator values": values,
    }
    for table, secs in sorted(writer.seconds.items(), key=lambda kv: -kv[1])[:6]:
        summary.phases[f"write {table.split('_', 1)[-1]}"] = secs
    summary.seconds = time.perf_counter() - started
    summary.peak_rss_mb = peak_rss_mb()
    audit(
        actor=None,
        action=AuditEvent.Action.ACTION,
        obj=regions[0],
        verb=MARKER_VERB,
        extra={
            "scale": scale,
            "seed": seed,
            "today": today.isoformat(),
            "counts": summary.counts,
            "seconds": round(summary.seconds, 1),
            "peak_rss_mb": round(summary.peak_rss_mb),
        },
    )
    return summary


def _history(writer, cities, regions, city_plans, users, unit_users, seed, today, bar, totals):
    for city, region, made in zip(cities, regions, city_plans, strict=True):
        office = users.get(f"{city.code}.office")
        rng = rng_for(seed, "slow", city.index)
        unit_ids = list(
            Unit.objects.filter(region=region)
            .exclude(kind=Unit.Kind.GROUP)
            .order_by("id")
            .values_list("id", flat=True)
        )
        slow = set(rng.sample(unit_ids, min(3, len(unit_ids))))
        for plan in made:
            h = history.PlanHistory(
                writer,
                plan,
                seed=seed,
                today=today,
                users=history.Users(
                    reporter=unit_users[Role.REPORTER],
                    approver=unit_users[Role.APPROVER],
                    office=office,
                ),
                slow_units=slow,
                target_date=plans.TARGET_DATE,
            )
            h.build(bar)
            for key, value in h.counts.items():
                totals[key] = totals.get(key, 0) + value
    writer.flush()


def _unit_users(users: dict[str, int]) -> dict[str, dict[int, int]]:
    """{role: {unit id: user id}} for the accounts just made."""
    out: dict[str, dict[int, int]] = {Role.REPORTER: {}, Role.APPROVER: {}}
    ids = set(users.values())
    for pk, unit_id, role in User.objects.filter(pk__in=ids).values_list("pk", "unit_id", "role"):
        if role in out:
            out[role].setdefault(unit_id, pk)
    return out


def fingerprint() -> str:
    """A hash of the generated history's key columns that does not depend on ids or
    timestamps: equal for two runs with the same seed and date."""
    digest = hashlib.sha256()
    rows = (
        UnitReport.objects.order_by(
            "period__plan__region__name",
            "period__plan__title",
            "period__start",
            "task__order",
            "unit__name",
        )
        .values_list(
            "period__plan__region__name",
            "period__plan__title",
            "period__start",
            "task__number",
            "unit__name",
            "status",
            "return_count",
            "progress_pct",
            "nothing_new",
            "version",
        )
        .iterator(chunk_size=5000)
    )
    for row in rows:
        digest.update(repr(row).encode())
    return digest.hexdigest()

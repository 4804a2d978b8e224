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
from luoshi.core.audit import audit
from luoshi.core.errors import ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.core.roles import Role
from luoshi.demo import history
from luoshi.demo.gen import directory, plans, series
from luoshi.demo.gen.scales import SCALES, city_specs, rng_for
from luoshi.demo.gen.writer import BulkWriter, Progress, peak_rss_mb
from luoshi.indicators.models import DataValue
from luoshi.org.models import Region, Unit
from luoshi.plans.models import Assignment, Plan, Task
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
    """Generate `scale` into the (empty) default database. `cities` keeps only the first
    N cities of the scale (trials)."""
    if Plan.objects.exists() or UnitReport.objects.exists():
        raise ValidationFailed(
            "The database already holds plans; generate into an empty database "
            "(e.g. LUOSHI_VAR_DIR=/tmp/x or a fresh DATABASE_URL)."
        )
    run = _Generation(
        scale=scale,
        seed=seed,
        batch=batch,
        today=today or timezone.localdate(),
        stream=stdout or sys.stderr,
        progress=progress,
        cities=cities,
    )
    try:
        return run.all()
    except BaseException:
        run.writer.abort()
        raise


class _Generation:
    def __init__(self, *, scale, seed, batch, today, stream, progress, cities):
        self.spec = SCALES[scale]
        self.seed = seed
        self.today = today
        self.stream = stream
        self.progress = progress
        self.cities = city_specs(self.spec, seed)[: cities or None]
        self.summary = Summary(scale=scale, seed=seed, today=today)
        self.writer = BulkWriter(batch=batch)
        self.writer[User]
        history.register(self.writer)
        self.regions: list[Region] = []
        self.users: dict[str, int] = {}
        self.city_plans: list[list[Plan]] = []
        self.totals: dict[str, int] = {}

    def bar(self, label: str, total: int) -> Progress:
        return Progress(label, total, stream=self.stream, enabled=self.progress)

    def all(self) -> Summary:
        started = time.perf_counter()
        for name, step in (
            ("directories", self.directories),
            ("plans", self.plans),
            ("history", self.history),
            ("indicators", self.indicators),
        ):
            t0 = time.perf_counter()
            step()
            self.summary.phases[name] = time.perf_counter() - t0
        self.writer.close()
        w = self.writer
        self.summary.counts = {
            "cities": len(self.cities),
            "units": Unit.objects.exclude(kind=Unit.Kind.GROUP).count(),
            "users": len(self.users),
            "plans": sum(len(p) for p in self.city_plans),
            "assignments": self.cells,
            "unit reports": w[UnitReport].written,
            **dict(sorted(self.totals.items())),
            "versions": w[ReportVersion].written,
            "reviews": w[Review].written,
            "indicator values": w[DataValue].written,
        }
        for table, secs in sorted(w.seconds.items(), key=lambda kv: -kv[1])[:6]:
            self.summary.phases[f"write {table.split('_', 1)[-1]}"] = secs
        self.summary.seconds = time.perf_counter() - started
        self.summary.peak_rss_mb = peak_rss_mb()
        audit(
            actor=None,
            action=AuditEvent.Action.ACTION,
            obj=self.regions[0],
            verb=MARKER_VERB,
            extra={
                "scale": self.summary.scale,
                "seed": self.seed,
                "today": self.today.isoformat(),
                "counts": self.summary.counts,
                "seconds": round(self.summary.seconds, 1),
                "peak_rss_mb": round(self.summary.peak_rss_mb),
            },
        )
        return self.summary

    def directories(self) -> None:
        bar = self.bar("directories", len(self.cities))
        password = directory.password_hash()
        for city in self.cities:
            region = directory.load_directory(city)
            self.regions.append(region)
            self.users.update(directory.create_users(self.writer, city, region, password))
            bar.advance()
        bar.close()
        self.writer.flush()

    def plans(self) -> None:
        bar = self.bar("plans", sum(1 + c.variants for c in self.cities))
        for city, region in zip(self.cities, self.regions, strict=True):
            made = plans.import_plans(city, region, self.spec, self.seed, self.today)
            self.city_plans.append(made)
            bar.advance(len(made))
        bar.close()

    def history(self) -> None:
        self.cells = Assignment.objects.filter(
            task__plan__in=[p for ps in self.city_plans for p in ps], active=True
        ).count()
        bar = self.bar("reports", self.cells * (self.spec.quarters + 1))
        rebuild = self.writer.drop_indexes(history.BULK_MODELS)
        try:
            _history(
                self.writer,
                self.cities,
                self.regions,
                self.city_plans,
                self.users,
                _unit_users(self.users),
                self.seed,
                self.today,
                bar,
                self.totals,
            )
        finally:
            bar.close()
            # Rebuilt even after a failure, so the schema is whole again.
            bar = self.bar("indexes", len(rebuild))
            self.writer.rebuild_indexes(rebuild)
            bar.advance(len(rebuild))
            bar.close()

    def indicators(self) -> None:
        bar = self.bar("indicators", len(self.cities))
        elements = series.define(self.regions[0])
        last_year = self.today.year - 1
        years = list(range(last_year - self.spec.indicator_years + 1, last_year + 1))
        for city, region, made in zip(self.cities, self.regions, self.city_plans, strict=True):
            series.write_values(
                self.writer,
                city,
                region,
                elements,
                seed=self.seed,
                years=years,
                office_id=self.users.get(f"{city.code}.office"),
                now=self.writer.now,
            )
            self.writer.flush()
            series.finish_city(region, made[0] if made else None)
            bar.advance()
        bar.close()


def _history(writer, cities, regions, city_plans, users, unit_users, seed, today, bar, totals):
    for city, region, made in zip(cities, regions, city_plans, strict=True):
        cast = history.Cast(
            reporter=unit_users[Role.REPORTER],
            approver=unit_users[Role.APPROVER],
            office=users.get(f"{city.code}.office"),
        )
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
                cast=cast,
                pace=history.SCALE_PACE,
                story=_story(plan, seed, slow),
                target_date=plans.TARGET_DATE,
            )
            h.build(bar)
            for key, value in h.counts.items():
                totals[key] = totals.get(key, 0) + value
    writer.flush()


FIGURES = [
    ("国家高新技术企业", "家", "hightech_enterprises", 120.0),
    ("科技型中小企业入库", "家", "tech_smes", 380.0),
    ("技术合同认定登记额", "亿元", "tech_contract_amount", 4.5),
]


def _story(plan: Plan, seed: int, slow: set[int]) -> history.Story:
    """A generated plan's story: three tasks lag, the first three report a figure, about a
    quarter have milestones."""
    rng = rng_for(seed, "plan", plan.region, plan.title)
    tasks = list(
        Task.objects.filter(plan=plan, active=True).order_by("order").values_list("id", "order")
    )
    ids = [pk for pk, _order in tasks]
    titles = history.MILESTONE_TITLES
    return history.Story(
        slow_units=slow,
        lagging_tasks=set(rng.sample(ids, min(3, len(ids)))),
        figures={pk: FIGURES[i % len(FIGURES)] for i, pk in enumerate(ids[:3])},
        milestones={
            pk: titles[int(order) % len(titles) :] + titles[: int(order) % len(titles)]
            for pk, order in tasks
            if rng.random() < 0.25
        },
    )


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

"""Plans test fixtures: the Suining document as shipped, and the plan imported from it."""

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "suining-2022-action-plan.txt"


@pytest.fixture
def suining_bytes() -> bytes:
    return DATA.read_bytes()


@pytest.fixture
def suining_text() -> str:
    return DATA.read_text("utf-8")


@pytest.fixture
def plan(directory, coordinator, suining_bytes):
    """The Suining plan imported by the coordinating office."""
    from luoshi.plans import services

    return services.plan_import(
        actor=coordinator, data=suining_bytes, filename="suining.txt", region=directory
    ).plan

"""Demo: the Suining unit directory."""

from pathlib import Path

import yaml

import luoshi.org
from luoshi.org import services

FIXTURE = Path(luoshi.org.__file__).parent / "fixtures" / "suining.yaml"


def load(*, stdout) -> None:
    counts = services.directory_load(actor=None, data=yaml.safe_load(FIXTURE.read_text("utf-8")))
    stdout.write(
        f"units: {counts['units']} units, {counts['aliases']} aliases, {counts['regions']} places"
    )

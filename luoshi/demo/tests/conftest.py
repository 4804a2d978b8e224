"""The demo's tests load it over the other apps' test fixtures."""

from luoshi.indicators.tests.conftest import city, places  # noqa: F401
from luoshi.supervision.tests.conftest import _media, cycle, period, plan, tasks  # noqa: F401

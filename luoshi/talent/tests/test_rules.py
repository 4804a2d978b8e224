import datetime as dt
from decimal import Decimal as D

from luoshi.talent import rules


def test_a_person_meeting_every_criterion_is_eligible():
    criteria = rules.Criteria(
        max_level=3, employer_kinds=frozenset({"enterprise"}), min_salary=D(200000)
    )
    person = rules.Person(level=2, employer_kind="enterprise", salary=D(250000), title="")
    assert rules.unmet(criteria, person) == []


def test_each_unmet_criterion_is_named():
    criteria = rules.Criteria(
        max_level=2,
        employer_kinds=frozenset({"university"}),
        min_salary=D(300000),
        titles=frozenset({"正高级工程师"}),
    )
    person = rules.Person(level=4, employer_kind="enterprise", salary=None, title="工程师")
    assert rules.unmet(criteria, person) == ["level", "employer_kind", "salary", "title"]


def test_validity_ends_the_day_before_the_anniversary():
    assert rules.valid_until(issued_on=dt.date(2025, 7, 1), years=3) == dt.date(2028, 6, 30)
    assert rules.valid_until(issued_on=dt.date(2024, 2, 29), years=1) == dt.date(2025, 2, 27)


def test_renewal_runs_on_from_the_expiry_or_from_today_once_expired():
    assert rules.renewed_until(
        current_until=dt.date(2028, 6, 30), today=dt.date(2028, 6, 1), years=3
    ) == dt.date(2031, 6, 30)
    assert rules.renewed_until(
        current_until=dt.date(2028, 6, 30), today=dt.date(2029, 1, 10), years=1
    ) == dt.date(2030, 1, 9)


def test_a_request_answered_by_its_due_date_is_in_time():
    due = rules.due_on(filed_on=dt.date(2025, 6, 1), days=10)
    assert due == dt.date(2025, 6, 11)
    assert rules.answered_in_time(due=due, answered_on=dt.date(2025, 6, 11), today=due)
    assert rules.answered_in_time(due=due, answered_on=None, today=dt.date(2025, 6, 5)) is None
    assert rules.answered_in_time(due=due, answered_on=None, today=dt.date(2025, 6, 12)) is False

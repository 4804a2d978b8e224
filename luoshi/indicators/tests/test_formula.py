"""Formulas are parsed safely, checked on save and never crash when evaluated."""

from decimal import Decimal

import numpy as np
import pytest
from django.utils import translation

from luoshi.core.errors import ValidationFailed
from luoshi.indicators import formula, services
from luoshi.indicators.models import Indicator

KNOWN = ["rd", "gdp", "patents", "population"]


def test_a_ratio_formula_parses_into_its_element_codes():
    parsed = formula.parse("rd / gdp * 100", known=KNOWN)
    assert parsed.names == ("rd", "gdp")
    assert parsed.is_ratio


def test_signs_printed_in_plans_are_accepted():
    parsed = formula.parse("（patents ÷ population）× 10000", known=KNOWN)
    assert parsed.source == "(patents / population)* 10000"
    assert formula.evaluate(parsed, {"patents": 152, "population": 2000000}).value == pytest.approx(
        0.76
    )


def test_a_plain_count_is_not_a_ratio():
    assert not formula.parse("patents * 1", known=KNOWN).is_ratio
    assert not formula.parse("rd / 100", known=KNOWN).is_ratio


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "empty"),
        ("rd / gdp *", "Syntax error"),
        ("rd / unknown_thing", "Unknown data element(s): unknown_thing"),
        ("rd / 0", "divides by zero"),
        ("rd / (2 - 2)", "divides by zero"),
        ("rd ** 2", "not allowed"),
        ("__import__('os').system('id')", "not allowed"),
        ("rd.real", "not allowed"),
        ("[rd]", "not allowed"),
        ("rd if gdp else 1", "not allowed"),
        ("True + rd", "not allowed"),
        ("'1' + rd", "not allowed"),
        ("研发 / gdp", "not a data element code"),
        ("rd + " * 200 + "rd", "longer than"),
    ],
)
def test_bad_formulas_are_rejected_with_a_clear_message(text, fragment):
    with translation.override("en"), pytest.raises(formula.FormulaError) as exc:
        formula.parse(text, known=KNOWN)
    assert fragment in str(exc.value)


def test_formula_errors_are_translated_into_chinese():
    with translation.override("zh-hans"), pytest.raises(formula.FormulaError) as exc:
        formula.parse("rd / 0", known=KNOWN)
    assert "除以零" in str(exc.value)


def test_division_by_zero_at_evaluation_gives_no_value_and_the_reason():
    parsed = formula.parse("rd / gdp * 100", known=KNOWN)
    result = formula.evaluate(parsed, {"rd": Decimal("1"), "gdp": Decimal("0")})
    assert result.value is None and result.reason == formula.DIVISION_BY_ZERO


def test_a_missing_part_gives_no_value_and_names_it():
    parsed = formula.parse("rd / gdp * 100", known=KNOWN)
    result = formula.evaluate(parsed, {"rd": Decimal("1"), "gdp": None})
    assert result.value is None and result.reason == formula.MISSING and result.missing == ("gdp",)


def test_array_evaluation_matches_scalar_evaluation_and_flags_each_problem():
    parsed = formula.parse("rd / gdp * 100", known=KNOWN)
    rd = np.array([1.0, 9.0, np.nan, 4.0])
    gdp = np.array([100.0, 300.0, 50.0, 0.0])
    values, missing, zero = formula.evaluate_array(parsed, {"rd": rd, "gdp": gdp})
    assert values[:2] == pytest.approx([1.0, 3.0])
    assert np.isnan(values[2]) and missing.tolist() == [False, False, True, False]
    assert np.isnan(values[3]) and zero.tolist() == [False, False, False, True]


@pytest.mark.django_db
def test_saving_an_indicator_checks_its_formula_against_existing_elements(catalogue):
    with translation.override("en"), pytest.raises(ValidationFailed) as exc:
        services.indicator_save(actor=None, code="bad", name="坏指标", formula="rd / patents")
    assert "patents" in exc.value.errors["formula"][0]
    assert not Indicator.objects.filter(code="bad").exists()


@pytest.mark.django_db
def test_saving_an_indicator_records_the_elements_it_uses(catalogue):
    indicator = Indicator.objects.get(code="rd_intensity")
    assert {e.code for e in indicator.elements.all()} == {"rd", "gdp"}

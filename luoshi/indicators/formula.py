"""A safe evaluator for indicator formulas such as ``rd_expenditure / gdp * 100``.

The text is parsed with :mod:`ast` and only numbers, data-element codes, the four
operators + − × ÷, unary signs and brackets are accepted; nothing is ever handed to
``eval``. The same parsed tree evaluates one set of scalars (a form preview) or whole
numpy arrays at once (the yearly roll-up over every place and year).
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.utils.translation import gettext as _

MAX_LENGTH = 400
MAX_NODES = 200

_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div)
_UNARY = (ast.UAdd, ast.USub)
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
# Formulas are often typed with the signs printed in plans: × ÷ （ ） and full-width letters.
_SIGNS = str.maketrans(
    {"×": "*", "÷": "/", "（": "(", "）": ")", "－": "-", "＋": "+", "＊": "*", "／": "/"}
)

MISSING = "missing"
DIVISION_BY_ZERO = "division_by_zero"


class FormulaError(ValueError):
    """The formula cannot be used; str() is a message for the person who typed it."""


@dataclass(frozen=True)
class Formula:
    source: str
    tree: ast.Expression
    names: tuple[str, ...]  # element codes in order of first appearance

    @property
    def is_ratio(self) -> bool:
        """True when an element code appears under a division: its parts must roll up
        separately and be divided afterwards."""
        for node in ast.walk(self.tree):
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
                if any(isinstance(n, ast.Name) for n in ast.walk(node.right)):
                    return True
        return False


@dataclass(frozen=True)
class Evaluation:
    value: float | None
    reason: str = ""  # MISSING or DIVISION_BY_ZERO when value is None
    missing: tuple[str, ...] = ()


def normalise(source: str) -> str:
    return " ".join((source or "").translate(_SIGNS).split())


def parse(source: str, known: Iterable[str] | None = None) -> Formula:
    """Parse and check a formula. `known` lists the element codes it may use."""
    text = normalise(source)
    if not text:
        raise FormulaError(_("The formula is empty."))
    if len(text) > MAX_LENGTH:
        raise FormulaError(
            _("The formula is longer than %(max)d characters.") % {"max": MAX_LENGTH}
        )
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise FormulaError(
            _("Syntax error in the formula near character %(pos)d.") % {"pos": exc.offset or 1}
        ) from None
    except (ValueError, RecursionError, MemoryError):
        raise FormulaError(_("The formula cannot be read.")) from None
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise FormulaError(_("The formula is too complicated."))
    names: list[str] = []
    for node in nodes:
        if isinstance(node, ast.Expression | ast.Load) or isinstance(node, _BINOPS + _UNARY):
            continue
        if isinstance(node, ast.BinOp) and isinstance(node.op, _BINOPS):
            continue
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, _UNARY):
            continue
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            continue
        if isinstance(node, ast.Name):
            if not _CODE.match(node.id):
                raise FormulaError(
                    _("“%(name)s” is not a data element code (lower-case letters, digits and _).")
                    % {"name": node.id}
                )
            if node.id not in names:
                names.append(node.id)
            continue
        raise FormulaError(
            _(
                "Only numbers, data element codes, + − × ÷ and brackets may be used; “%(part)s” is not allowed."
            )
            % {"part": ast.get_source_segment(text, node) or type(node).__name__}
        )
    if known is not None:
        known_set = set(known)
        unknown = [n for n in names if n not in known_set]
        if unknown:
            raise FormulaError(
                _("Unknown data element(s): %(names)s.") % {"names": ", ".join(unknown)}
            )
    for node in nodes:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            divisor = _constant(node.right)
            if divisor is not None and divisor == 0:
                raise FormulaError(_("The formula divides by zero."))
    return Formula(source=text, tree=tree, names=tuple(names))


def _constant(node: ast.AST) -> float | None:
    """The value of a sub-expression without element codes, else None."""
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.UnaryOp):
        inner = _constant(node.operand)
        return None if inner is None else (-inner if isinstance(node.op, ast.USub) else inner)
    if isinstance(node, ast.BinOp):
        left, right = _constant(node.left), _constant(node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Div):
            return None if right == 0 else left / right
        return _apply(node.op, left, right)
    return None


def _apply(op: ast.operator, left, right):
    if isinstance(op, ast.Add):
        return left + right
    if isinstance(op, ast.Sub):
        return left - right
    if isinstance(op, ast.Mult):
        return left * right
    return left / right


class _ZeroDivision(Exception):
    pass


def _eval_scalar(node: ast.AST, env: Mapping[str, float]) -> float:
    if isinstance(node, ast.Expression):
        return _eval_scalar(node.body, env)
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return env[node.id]
    if isinstance(node, ast.UnaryOp):
        value = _eval_scalar(node.operand, env)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp):
        left = _eval_scalar(node.left, env)
        right = _eval_scalar(node.right, env)
        if isinstance(node.op, ast.Div) and right == 0:
            raise _ZeroDivision
        return _apply(node.op, left, right)
    raise FormulaError(_("The formula cannot be read."))  # unreachable after parse()


def evaluate(formula: Formula, values: Mapping[str, float | Decimal | int | None]) -> Evaluation:
    """One value; a missing element or a zero divisor gives None with the reason."""
    missing = tuple(n for n in formula.names if values.get(n) is None)
    if missing:
        return Evaluation(None, MISSING, missing)
    env = {n: float(values[n]) for n in formula.names}
    try:
        result = _eval_scalar(formula.tree, env)
    except _ZeroDivision:
        return Evaluation(None, DIVISION_BY_ZERO)
    if not math.isfinite(result):
        return Evaluation(None, DIVISION_BY_ZERO)
    return Evaluation(result)


def _eval_array(node: ast.AST, env: Mapping[str, np.ndarray], zero: list[np.ndarray]):
    if isinstance(node, ast.Expression):
        return _eval_array(node.body, env, zero)
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return env[node.id]
    if isinstance(node, ast.UnaryOp):
        value = _eval_array(node.operand, env, zero)
        return -value if isinstance(node.op, ast.USub) else value
    left = _eval_array(node.left, env, zero)
    right = _eval_array(node.right, env, zero)
    if isinstance(node.op, ast.Div):
        divisor = np.asarray(right, dtype=float)
        zero.append(divisor == 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.divide(left, divisor)
    return _apply(node.op, left, right)


def evaluate_array(
    formula: Formula, env: Mapping[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Evaluate over arrays of equal shape (NaN = no value).

    Returns (values, missing, division_by_zero): values is NaN wherever a part is
    missing or a divisor is zero; the two masks say which.
    """
    shape = np.shape(next(iter(env.values()))) if env else ()
    missing = np.zeros(shape, dtype=bool)
    for name in formula.names:
        missing |= np.isnan(env[name])
    zero: list[np.ndarray] = []
    result = np.asarray(_eval_array(formula.tree, env, zero), dtype=float)
    result = np.broadcast_to(result, shape).copy() if result.shape != shape else result.copy()
    divided_by_zero = np.zeros(shape, dtype=bool)
    for mask in zero:
        divided_by_zero |= np.broadcast_to(mask, shape)
    divided_by_zero &= ~missing
    result[missing | divided_by_zero | ~np.isfinite(result)] = np.nan
    return result, missing, divided_by_zero

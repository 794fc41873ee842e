"""Conditions (`show_if`, `when`, `pick`, computed values) in Jinja2's sandbox — never eval."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import ExpressionError

_ENV = ImmutableSandboxedEnvironment(undefined=StrictUndefined)


@lru_cache(maxsize=2048)
def compile_expression(source: str, where: str = "expression") -> Callable[..., Any]:
    """Return a callable evaluating `source` over keyword variables in the sandbox."""
    try:
        return _ENV.compile_expression(source, undefined_to_none=False)
    except TemplateSyntaxError as exc:
        raise ExpressionError(f"{where}: {source!r} is not a valid expression ({exc})") from None


def evaluate(source: str, variables: Mapping[str, Any], where: str = "expression") -> Any:
    """Return the value of `source` with `variables`; raise ExpressionError naming `where`."""
    fn = compile_expression(source, where)
    try:
        return fn(**variables)
    except UndefinedError as exc:
        raise ExpressionError(
            f"{where}: {source!r} uses a name that is not a question or computed value ({exc})"
        ) from None
    except SecurityError as exc:
        raise ExpressionError(f"{where}: {source!r} is not allowed ({exc})") from None
    except (TypeError, ValueError, ZeroDivisionError, AttributeError) as exc:
        raise ExpressionError(f"{where}: {source!r} failed ({exc})") from None


@lru_cache(maxsize=2048)
def names_in(source: str) -> frozenset[str]:
    """Return the free variable names an expression reads (cached: conditions repeat)."""
    from jinja2 import meta

    try:
        ast = _ENV.parse("{{ " + source + " }}")
    except TemplateSyntaxError as exc:
        raise ExpressionError(f"{source!r} is not a valid expression ({exc})") from None
    return frozenset(meta.find_undeclared_variables(ast))

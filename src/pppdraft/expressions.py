"""Conditions (`show_if`, `when`, `pick`, computed values) in Jinja2's sandbox — never eval."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .diskcache import CompiledTemplates
from .errors import ExpressionError


class _ExpressionEnvironment(CompiledTemplates, ImmutableSandboxedEnvironment):
    """The sandbox, keeping each compiled expression for the next process."""


_ENV = _ExpressionEnvironment(undefined=StrictUndefined)


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


@lru_cache(maxsize=4096)
def names_in(source: str) -> frozenset[str]:
    """Return the free variable names an expression reads (parsed once per expression: the
    same `show_if` is asked about on every build and every app rerun)."""
    import json

    from jinja2 import meta

    from . import diskcache

    key = diskcache.digest("names", source)
    stored = diskcache.read("names", key)
    if stored is not None:
        return frozenset(json.loads(stored))
    try:
        ast = _ENV.parse("{{ " + source + " }}")
    except TemplateSyntaxError as exc:
        raise ExpressionError(f"{source!r} is not a valid expression ({exc})") from None
    names = frozenset(meta.find_undeclared_variables(ast))
    diskcache.write("names", key, json.dumps(sorted(names)).encode("utf-8"))
    return names

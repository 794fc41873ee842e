"""Conditions (`show_if`, `when`, `pick`, computed values) in Jinja2's sandbox — never eval."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, Undefined, UndefinedError, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import (
    UNSAFE_ASYNC_GENERATOR_ATTRIBUTES,
    UNSAFE_COROUTINE_ATTRIBUTES,
    UNSAFE_GENERATOR_ATTRIBUTES,
    ImmutableSandboxedEnvironment,
)

from .diskcache import CompiledTemplates
from .errors import ExpressionError, excerpt

MAX_RANGE = 1_000  # no condition needs more; Jinja's own sandbox allows 100,000
MAX_RESULT = 100_000  # characters or items a `*` may make; digits a `**` may make
_UNSAFE_NAMES = frozenset({"mro", "format", "format_map"}) | (
    UNSAFE_GENERATOR_ATTRIBUTES | UNSAFE_COROUTINE_ATTRIBUTES | UNSAFE_ASYNC_GENERATOR_ATTRIBUTES
)


def safe_range(*args: int) -> range:
    """Return range(*args), refusing more than MAX_RANGE items."""
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise SecurityError(f"range() of {len(rng):,} items; at most {MAX_RANGE:,} are allowed")
    return rng


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with bounded `range`, `*` and `**`: an expression can
    neither escape nor build a huge value."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = safe_range

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Refuse `**` and `*` whose result would be huge; compute the others as Jinja does."""
        numbers = isinstance(left, int | float) and isinstance(right, int | float)
        if operator == "**" and numbers and abs(right) > 64 and abs(left) > 1:
            raise SecurityError(f"{left!r} ** {right!r} is too large a power")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(times, int)
                if sized and len(seq) * times > MAX_RESULT:
                    raise SecurityError(
                        f"repeating a value {times:,} times is refused (limit {MAX_RESULT:,})"
                    )
        return super().call_binop(context, operator, left, right)


class _ExpressionEnvironment(CompiledTemplates, BoundedSandbox):
    """The bounded sandbox, keeping each compiled expression for the next process."""


_ENV = _ExpressionEnvironment(undefined=StrictUndefined)


def unsafe_parts(ast: nodes.Node) -> list[str]:
    """Return what in a parsed expression or template the sandbox would refuse at run time:
    private or internal attributes (`__class__`, `_x`, `mro`, `gi_frame` …) by `.`, `[]` or
    the `attr` filter — found before anything is built."""
    found: list[str] = []

    def check(name: object) -> None:
        if isinstance(name, str) and (name.startswith("_") or name in _UNSAFE_NAMES):
            found.append(name)

    for node in ast.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
        if isinstance(node, nodes.Getattr):
            check(node.attr)
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            check(node.arg.value)
        elif isinstance(node, nodes.Filter) and node.name == "attr":
            for arg in node.args:
                if isinstance(arg, nodes.Const):
                    check(arg.value)
    return found


def check_expression(source: str, where: str = "expression") -> None:
    """Raise ExpressionError if `source` does not compile or reaches into internals."""
    compile_expression(source, where)
    try:
        ast = _ENV.parse("{{ " + source + " }}")
    except TemplateSyntaxError as exc:
        raise ExpressionError(f"{where}: {excerpt(source)} is not valid ({exc})") from None
    bad = unsafe_parts(ast)
    if bad:
        raise ExpressionError(
            f"{where}: {excerpt(source)} reaches into {', '.join(sorted(set(bad)))}, which the "
            f"sandbox forbids; use only answers, computed values and filters"
        )


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
        value = fn(**variables)
        if isinstance(value, Undefined):  # the sandbox refuses lazily: make it say so now
            value._fail_with_undefined_error()
        return value
    except UndefinedError as exc:
        raise ExpressionError(
            f"{where}: {source!r} uses a name that is not a question or computed value ({exc})"
        ) from None
    except SecurityError as exc:
        raise ExpressionError(f"{where}: {source!r} is not allowed ({exc})") from None
    except (
        TypeError,
        ValueError,
        ZeroDivisionError,
        AttributeError,
        OverflowError,
        ArithmeticError,
        RecursionError,
    ) as exc:
        raise ExpressionError(f"{where}: {source!r} failed ({excerpt(str(exc))})") from None


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

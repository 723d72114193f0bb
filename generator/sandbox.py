"""The jinja2 environments gigen renders with: sandboxed, strict and bounded (the only module importing jinja2).

A county may bring its own Word template and its own standard paragraphs, so neither may reach Python: both render
in a SandboxedEnvironment, with StrictUndefined so a missing name is an error, not a blank. Neither may take the
machine either: a string or list grown past MAX_ITEMS, a number past MAX_BITS, more than MAX_LOOPS loop turns,
more than MAX_OUTPUT characters written, or a render running past MAX_SECONDS raises LimitError, checked before an
operation that would allocate too much (`'x' * 10**10` never runs) and as the render goes.
"""

from __future__ import annotations

import functools
import operator
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

# jinja2's exceptions, for the modules that turn them into one Chinese sentence.
TemplateError = jinja2.TemplateError
TemplateSyntaxError = jinja2.TemplateSyntaxError
UndefinedError = jinja2.UndefinedError
SecurityError = jinja2.exceptions.SecurityError
Template = jinja2.Template

MAX_ITEMS = 1_000_000  # characters of a string, items of a list: a whole report is a few hundred thousand
MAX_BITS = 4096  # an integer's size: a count in a report has a few digits
MAX_LOOPS = 100_000  # loop turns in one report: the shipped template makes a few dozen
MAX_OUTPUT = 20_000_000  # characters one report's parts write in all: a report is well under a million
MAX_SECONDS = 30.0  # one report: a render takes a fraction of a second

_LOOP = "_gigen_loop"  # the name every {% for %} iterates through (see _Bounded._parse)
_SIZED = "_gigen_sized"  # the name every ~ concatenation is checked through
_WIDTH = re.compile(r"\d+|\*")  # a width or precision in a % or {} format


class LimitError(Exception):
    """A template asked for more than a report can hold; `reason` says what, in Chinese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class _Budget:
    """What one report may still spend: loop turns, characters written, and time."""

    deadline: float = field(default_factory=lambda: time.monotonic() + MAX_SECONDS)
    loops: int = 0
    output: int = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise LimitError(f"填入数据超过{MAX_SECONDS:.0f}秒仍未完成")


_budget: ContextVar[_Budget | None] = ContextVar("gigen_render_budget", default=None)


@contextmanager
def budget() -> Iterator[None]:
    """One report's limits, shared by all the parts rendered inside (each render alone gets its own otherwise)."""
    token = _budget.set(_Budget())
    try:
        yield
    finally:
        _budget.reset(token)


def _current() -> _Budget:
    """The budget of the report being rendered (a call outside any render spends from a budget of its own)."""
    return _budget.get() or _Budget()


_CONTAINERS = (list, tuple, dict, set, frozenset)


def _size(value: Any, depth: int = 0) -> int:
    """Characters and items a value holds, nested ones included (a million copies of a long string are counted)."""
    if isinstance(value, str | bytes):
        return len(value)
    if not isinstance(value, _CONTAINERS) or depth > 8:  # deeper, or a list holding itself: counted once
        return 0
    total = len(value)
    for item in value.items() if isinstance(value, dict) else value:
        total += _size(item, depth + 1)
        if total > MAX_ITEMS:
            break
    return total


def _check_result(value: Any) -> Any:
    if _size(value) > MAX_ITEMS:
        raise LimitError(f"计算结果过大（超过{MAX_ITEMS}个字符或元素）")
    if isinstance(value, int) and value.bit_length() > MAX_BITS:
        raise LimitError("计算结果的数字过大")
    return value


def _check_count(value: Any) -> None:
    """A width, count or repeat factor: a report never needs one of a million."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ITEMS:
        raise LimitError(f"要求的长度或次数过大（{value}，超过{MAX_ITEMS}）")


def _check_format(spec: Any) -> None:
    """A % or {} format string whose widths would make a huge string."""
    if isinstance(spec, str):
        for width in _WIDTH.findall(spec):
            if width == "*" or int(width[:8]) > MAX_ITEMS or len(width) > 7:
                raise LimitError("格式中的宽度过大")


def _check_replace(text: Any, old: Any, new: Any) -> None:
    """str.replace and the replace filter: the result's size, before it is made (a million copies of a million
    characters is a terabyte, refused only once allocated)."""
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        times = len(text) + 1 if not old else text.count(old)
        if len(text) + times * (len(new) - len(old)) > MAX_ITEMS:
            raise LimitError(f"计算结果过大（超过{MAX_ITEMS}个字符或元素）")


def _multiply(left: Any, right: Any) -> Any:
    for seq, n in ((left, right), (right, left)):
        # The repeat count is checked even on an empty string: template check fills the template in with a
        # blank workbook, and the same tag on a real 机关全称 would take the machine.
        if isinstance(seq, str | bytes | list | tuple) and isinstance(n, int):
            _check_count(n)
            if _size(seq) * max(n, 0) > MAX_ITEMS:
                raise LimitError(f"计算结果过大（超过{MAX_ITEMS}个字符或元素）")
    if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_BITS:
        raise LimitError("计算结果的数字过大")
    return left * right


def _power(left: Any, right: Any) -> Any:
    if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0:
        if left.bit_length() * right > MAX_BITS + right:
            raise LimitError("计算结果的数字过大")
    elif isinstance(right, int | float) and abs(right) > MAX_BITS:
        raise LimitError("计算结果的数字过大")
    return left**right


def _modulo(left: Any, right: Any) -> Any:
    if isinstance(left, str):
        _check_format(left)
    return left % right


class _Namespace(jinja2.utils.Namespace):
    """namespace(): the one object a loop can grow turn after turn ({% set ns.s = … %}), so each value is checked."""

    def __setitem__(self, name: str, value: Any) -> None:
        super().__setitem__(name, _check_result(value))


_BINOPS: dict[str, Callable[[Any, Any], Any]] = {
    "*": _multiply,
    "**": _power,
    "%": _modulo,
    "+": operator.add,
}


def _loop(iterable: Iterable[Any]) -> Iterator[Any]:
    """What every {% for %} iterates through: the report's loop turns are counted, and the clock looked at."""
    spent = _current()
    for item in iterable:
        spent.loops += 1
        if spent.loops > MAX_LOOPS:
            raise LimitError(f"循环次数过多（超过{MAX_LOOPS}次）")
        if spent.loops % 256 == 0:
            spent.tick()
        yield item


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose counts and widths are checked before it runs, and whose result after."""

    @functools.wraps(function)  # keeps jinja2's pass_context/pass_environment marks
    def bounded(*args: Any, **kwargs: Any) -> Any:
        for value in (*args[1:], *kwargs.values()):
            _check_count(value)
        if name == "format" and args:
            _check_format(args[-1] if not isinstance(args[0], str) else args[0])
        if name == "replace" and len(args) >= 4:  # (eval_ctx, text, old, new)
            _check_replace(*args[1:4])
        return _check_result(function(*args, **kwargs))

    return bounded


class _Bounded(SandboxedEnvironment):
    """The sandbox with limits: operators, filters, calls, loops and the output each checked (see the module)."""

    intercepted_binops = frozenset(_BINOPS)

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}
        self.globals[_LOOP] = _loop
        self.globals[_SIZED] = _check_result
        self.globals["namespace"] = _Namespace
        del self.globals["lipsum"]  # lipsum(1000000) is minutes of made-up Latin, and no report prints any

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        return _check_result(_BINOPS[operator](left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _current().tick()
        for value in (*args, *kwargs.values()):
            _check_count(value)
        if getattr(__obj, "__name__", "") == "replace" and isinstance(getattr(__obj, "__self__", None), str):
            _check_replace(__obj.__self__, *args[:2])
        result = _check_result(super().call(__context, __obj, *args, **kwargs))
        _check_result(getattr(__obj, "__self__", None))  # list.extend, dict.update: the object grew in place
        return result

    def concat(self, chunks: Iterable[str]) -> str:  # jinja2 declares it "".join
        """A template's output, counted as it is written: too much, or too long, stops it."""
        outer, written = _budget.get(), []
        spent = outer or _Budget()
        token = _budget.set(spent) if outer is None else None  # a render alone: its own budget
        try:
            for n, chunk in enumerate(chunks):
                spent.output += len(chunk)
                if spent.output > MAX_OUTPUT:
                    raise LimitError(f"生成的内容过大（超过{MAX_OUTPUT}个字符）")
                if n % 256 == 0:
                    spent.tick()
                written.append(chunk)
        finally:
            if token is not None:
                _budget.reset(token)
        return "".join(written)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """str.format and format_map, their widths checked first (jinja2 wraps them when they are looked up)."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        _check_format(value.__self__)
        return wrapped

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """The template's syntax tree, each {% for %} made to iterate through _loop and each ~ checked."""
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = _through(_LOOP, loop.iter)
        for parent in list(tree.find_all(nodes.Node)):  # listed first: the loop adds nodes
            for name_, child in parent.iter_fields():
                if isinstance(child, nodes.Concat):
                    setattr(parent, name_, _through(_SIZED, child))
                elif isinstance(child, list) and any(isinstance(c, nodes.Concat) for c in child):
                    setattr(
                        parent,
                        name_,
                        [_through(_SIZED, c) if isinstance(c, nodes.Concat) else c for c in child],
                    )
        return tree


def _through(function: str, node: nodes.Node) -> nodes.Call:
    """`function(node)` in the syntax tree, at the node's line."""
    line = node.lineno
    return nodes.Call(nodes.Name(function, "load", lineno=line), [node], [], None, None, lineno=line)


class _CompileOnce(_Bounded):
    """A bounded environment that compiles each template source once per process.

    docxtpl hands the whole document XML to from_string on every render; compiling it took most of a render's
    time. The XML of one template is the same every time, so its compiled form is kept (a few templates at most).
    """

    _KEEP = 16

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> jinja2.Template:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            if len(self._compiled) >= self._KEEP:
                self._compiled.clear()
            compiled = self._compiled[source] = super().from_string(source)
        return compiled


@cache
def jinja_env() -> SandboxedEnvironment:
    """One environment for every render: sandboxed (a county may bring its own template), escaping, strict."""
    return _CompileOnce(autoescape=True, undefined=jinja2.StrictUndefined)


@cache
def text_env() -> SandboxedEnvironment:
    """The environment of the standard paragraphs: plain text, not XML (the report's renderer escapes it like any
    text a clerk typed)."""
    return _Bounded(undefined=jinja2.StrictUndefined, keep_trailing_newline=False)


def template_line(e: BaseException) -> int | None:
    """The line of the template source an error was raised at (jinja2 maps its frames back to the template)."""
    line, tb = None, e.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return getattr(e, "lineno", None) or line

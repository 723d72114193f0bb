"""The report template's variables: every key as printed, narrative as lists of paragraphs, the fee statement."""

from __future__ import annotations

from typing import Any

from .. import schema
from ..checks.common import printed_place
from ..model import (
    GENERATED_MARK,
    OMITTED_MARK,
    SHOWN_MARK,
    ReportData,
    format_money,
    paragraphs,
    unmarked,
)
from ..schema import Kind

_TITLE_END = "。．.，,；;：:"  # a sub-heading on its own line ends without a stop or colon


def context(data: ReportData) -> dict[str, Any]:
    """The template's variables: every key as printed, narrative as lists of paragraphs, and the fee statement."""
    ctx: dict[str, Any] = {}
    for f in schema.FIELDS:
        value = data.values[f.key]
        if f.kind is Kind.TEXT:
            ctx[f.key] = paragraphs(str(value))
            if f.key in data.generated:  # marked, so the report shows which paragraphs gigen wrote
                ctx[f.key] = [GENERATED_MARK + p for p in ctx[f.key]]
        elif f.kind is Kind.TITLE:
            ctx[f.key] = unmarked(str(value)).rstrip(_TITLE_END)
        elif f.key in data.invalid and f.kind in (Kind.COUNT, Kind.MONEY):
            # an unreadable number: only a draft gets here, errors block a report
            ctx[f.key] = GENERATED_MARK + schema.TO_FIX.format(place=printed_place(data, f.key))
        elif f.kind is Kind.MONEY:
            ctx[f.key] = format_money(data.money(f.key))
        else:
            ctx[f.key] = str(value)
    # finish.py drops and renumbers the sub-headings by these marks
    for stem, _ in schema.ASPECTS if data.omitted else ():
        title = f"{stem}_title"
        ctx[title] = OMITTED_MARK if stem in data.omitted else SHOWN_MARK + ctx[title]
    ctx["signature"] = ctx["signature"] or ctx["org_name"]
    ctx["fee_statement"] = fee_statement(data)
    return ctx


def fee_statement(data: ReportData) -> str:
    """The 信息处理费 sentence that opens 六, correctly cited, from fee_notices and fee_collected."""
    if {"fee_notices", "fee_collected"} & data.blank:  # only a draft gets this far with a fee cell blank
        return GENERATED_MARK + schema.FEE_TO_FILL
    unread = [printed_place(data, key) for key in schema.FEE_KEYS if key in data.invalid]
    if unread:
        return GENERATED_MARK + schema.TO_FIX.format(place="、".join(unread))
    notices, amount = data.count("fee_notices"), data.money("fee_collected")
    if amount:
        return schema.FEE_COLLECTED.format(notices=notices, amount=format_money(amount))
    if notices:
        return schema.FEE_NOTICES_ONLY.format(notices=notices)
    return schema.FEE_NONE

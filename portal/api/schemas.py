"""What the API takes and gives, as pydantic models: the OpenAPI document is generated from them
(spectree), and every response is checked against them before it leaves."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Amount = str  # a decimal as a string, as the export writes it ("12340", "12.5")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProblemDetails(BaseModel):
    """RFC 9457 problem details, with the portal's stable `code`."""

    type: str
    title: str
    status: int
    code: str
    detail: str | None = None
    errors: list[dict[str, Any]] | None = None


class Me(BaseModel):
    id: int
    email: str
    name: str
    role: str
    locale: str | None


class Refused(BaseModel):
    file: str
    detail: str


class Uploaded(BaseModel):
    id: int
    file: str
    status: str
    sha256: str


class UploadResult(BaseModel):
    documents: list[Uploaded]
    refused: list[Refused]


class DocumentFields(BaseModel):
    doc_type: str | None
    supplier_code: str | None
    supplier_name: str | None
    registration_number: str | None
    document_number: str | None
    issue_date: str | None
    due_date: str | None
    po_number: str | None
    currency: str | None
    subtotal: Amount | None
    tax_total: Amount | None
    total: Amount | None


class DocumentOut(BaseModel):
    id: int
    file: str
    sha256: str
    pages: int
    status: Literal["queued", "processing", "processed", "failed"]
    review_status: str
    error: str | None
    source: str
    mail_from: str | None
    mail_subject: str | None
    uploaded_at: str
    fields: DocumentFields


class Line(BaseModel):
    position: int
    description: str | None
    quantity: Amount | None
    unit_price: Amount | None
    amount: Amount | None
    tax_rate: Amount | None


class TaxRow(BaseModel):
    rate: Amount | None
    taxable: Amount | None
    tax: Amount | None


class Lines(BaseModel):
    lines: list[Line]
    tax_breakdown: list[TaxRow]


class MatchException(BaseModel):
    code: str
    overridden: bool


class Match(BaseModel):
    matched: bool
    po_number: str | None
    supplier_code: str | None
    exceptions: list[MatchException]
    duplicate_of: int | None


class HistoryEvent(BaseModel):
    at: str
    actor: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    note: str | None


class History(BaseModel):
    events: list[HistoryEvent]


class Correction(Strict):
    """Header fields to correct, by the export's names; null or "" clears a field. Every value is
    checked before any is changed, exactly as on the review screen."""

    fields: dict[str, str | None] = Field(min_length=1, max_length=20)


class Corrected(BaseModel):
    changed: list[str]
    document: DocumentOut


class Decision(Strict):
    decision: Literal["approve", "reject", "return"]
    comment: str = Field(default="", max_length=1000)


class StepOut(BaseModel):
    id: int
    document_id: int
    position: int
    status: str
    approver_id: int | None
    decided_by: str | None
    comment: str | None
    document_review_status: str


class Waiting(BaseModel):
    steps: list[StepOut]


Cell = str | int | float | None


class MasterData(Strict):
    """Rows as the ERP's CSV files have them (same columns, same checks as `portal import-master`);
    a list left out is not imported."""

    suppliers: list[dict[str, Cell]] = Field(default_factory=list, max_length=10_000)
    purchase_orders: list[dict[str, Cell]] = Field(default_factory=list, max_length=100_000)
    receipts: list[dict[str, Cell]] = Field(default_factory=list, max_length=100_000)


class Imported(BaseModel):
    suppliers: int
    orders: int
    order_lines: int
    receipts: int


class SearchQuery(Strict):
    """The accountant's search: every criterion given narrows it (dates of issue, total, supplier,
    document number, words anywhere on it, status; `history` also searches earlier versions)."""

    issued_from: date | None = None
    issued_to: date | None = None
    min_total: Decimal | None = Field(default=None, ge=-10**14, le=10**14, allow_inf_nan=False)
    max_total: Decimal | None = Field(default=None, ge=-10**14, le=10**14, allow_inf_nan=False)
    supplier: str = Field(default="", max_length=200)
    number: str = Field(default="", max_length=100)
    text: str = Field(default="", max_length=200)
    status: str = Field(default="", max_length=20)
    history: bool = False
    page: int = Field(default=1, ge=1, le=100_000)


class SearchResults(BaseModel):
    total: int
    page: int
    pages: int
    documents: list[DocumentOut]

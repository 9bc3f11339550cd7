"""The ERP's master data: suppliers, purchase orders, their lines and goods receipts."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.types import Exact


class Supplier(db.Model):
    __tablename__ = "suppliers"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    registration_number: Mapped[str | None] = mapped_column(String(14), index=True)
    currency: Mapped[str] = mapped_column(String(3), default="JPY")
    address: Mapped[str | None] = mapped_column(String(500))
    price_tolerance: Mapped[Decimal | None] = mapped_column(Exact)  # percent; None: the global one
    # Whose approval rules apply to its documents when their order names no department.
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    # Where its invoices are paid (全銀: bank and branch codes, 1 普通 2 当座 4 貯蓄 9 その他,
    # seven digits, the holder's name in half-width kana as the bank registered it).
    bank_code: Mapped[str | None] = mapped_column(String(4))
    branch_code: Mapped[str | None] = mapped_column(String(3))
    account_type: Mapped[str | None] = mapped_column(String(1))
    account_number: Mapped[str | None] = mapped_column(String(7))
    account_holder_kana: Mapped[str | None] = mapped_column(String(30))

    department = relationship("Department")

    orders: Mapped[list[PurchaseOrder]] = relationship(back_populates="supplier")


class PurchaseOrder(db.Model):
    __tablename__ = "purchase_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"), index=True)
    order_date: Mapped[date | None]
    currency: Mapped[str] = mapped_column(String(3), default="JPY")
    source: Mapped[str] = mapped_column(String(20), default="erp")  # erp | quote
    # The department that ordered: its approval rules apply to the order's invoices.
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))

    supplier: Mapped[Supplier] = relationship(back_populates="orders")
    department = relationship("Department")
    lines: Mapped[list[PurchaseOrderLine]] = relationship(
        back_populates="order", order_by="PurchaseOrderLine.line_no", cascade="all, delete-orphan"
    )

    @property
    def line_total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))


class PurchaseOrderLine(db.Model):
    __tablename__ = "purchase_order_lines"
    __table_args__ = (UniqueConstraint("order_id", "line_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("purchase_orders.id"), index=True)
    line_no: Mapped[int]
    sku: Mapped[str | None] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(String(500))
    quantity: Mapped[Decimal] = mapped_column(Exact)
    unit_price: Mapped[Decimal] = mapped_column(Exact)
    tax_rate: Mapped[Decimal] = mapped_column(Exact)

    order: Mapped[PurchaseOrder] = relationship(back_populates="lines")
    receipts: Mapped[list[GoodsReceipt]] = relationship(
        back_populates="order_line", cascade="all, delete-orphan"
    )

    @property
    def amount(self) -> Decimal:
        return self.quantity * self.unit_price

    @property
    def quantity_received(self) -> Decimal:
        return sum((r.quantity_received for r in self.receipts), Decimal(0))


class GoodsReceipt(db.Model):
    """Goods received against one order line (検収), from the ERP or recorded in the portal."""

    __tablename__ = "goods_receipts"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("purchase_order_lines.id"), index=True)
    quantity_received: Mapped[Decimal] = mapped_column(Exact)
    received_date: Mapped[date | None]
    source: Mapped[str] = mapped_column(String(20), default="erp")  # erp | portal
    # Who recorded it in the portal: they may not approve the order's invoices (every approver's
    # inbox asks it, hence the index).
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    order_line: Mapped[PurchaseOrderLine] = relationship(back_populates="receipts")

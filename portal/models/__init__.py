"""All models, imported here so that metadata and Alembic see every table."""
from portal.models.accounts import Role, SignInFailure, User
from portal.models.approvals import (
    ApprovalRule,
    ApprovalStep,
    Delegation,
    Department,
    ExceptionOverride,
    ReviewStatus,
    StepStatus,
)
from portal.models.audit import AuditEvent
from portal.models.documents import Document, DocumentLine, DocumentPage, Status, TaxLine
from portal.models.learning import SupplierAlias, SupplierMemory
from portal.models.matching import MatchException, MatchResult
from portal.models.orders import GoodsReceipt, PurchaseOrder, PurchaseOrderLine, Supplier
from portal.models.settings import Setting

__all__ = [
    "ApprovalRule", "ApprovalStep", "AuditEvent", "Delegation", "Department", "ExceptionOverride",
    "ReviewStatus", "StepStatus", "Document", "DocumentLine", "DocumentPage", "GoodsReceipt", "MatchException",
    "MatchResult", "PurchaseOrder", "PurchaseOrderLine", "Role", "Setting", "Status", "Supplier",
    "SignInFailure", "SupplierAlias", "SupplierMemory", "TaxLine", "User",
]

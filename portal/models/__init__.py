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
from portal.models.attachments import DocumentAttachment
from portal.models.audit import AuditEvent, AuditHead
from portal.models.books import TransitionalDeduction
from portal.models.changes import ChangeCounter
from portal.models.documents import Document, DocumentLine, DocumentPage, Status, TaxLine
from portal.models.integrations import ApiToken, NotificationSent, RateWindow, Webhook, WebhookDelivery
from portal.models.learning import SupplierAlias, SupplierMemory
from portal.models.matching import MatchException, MatchResult
from portal.models.orders import GoodsReceipt, PurchaseOrder, PurchaseOrderLine, Supplier
from portal.models.payments import PaymentRun, ScheduledPayment, Settlement, StatementLine
from portal.models.records import DocumentVersion, SearchText
from portal.models.settings import Setting

__all__ = [
    "ApiToken", "ApprovalRule", "ApprovalStep", "AuditEvent", "AuditHead", "ChangeCounter", "Delegation",
    "Department", "ExceptionOverride",
    "DocumentAttachment",
    "ReviewStatus", "StepStatus", "Document", "DocumentLine", "DocumentPage", "GoodsReceipt", "MatchException",
    "MatchResult", "PurchaseOrder", "PurchaseOrderLine", "Role", "Setting", "Status", "Supplier",
    "SignInFailure", "SupplierAlias", "SupplierMemory", "TaxLine", "User",
    "NotificationSent", "RateWindow", "Webhook", "WebhookDelivery",
    "DocumentVersion", "SearchText", "PaymentRun", "ScheduledPayment", "Settlement", "StatementLine",
    "TransitionalDeduction",
]

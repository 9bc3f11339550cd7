"""Rule 1 with the aliases clerks taught: a name or number read on a supplier's documents leads to it."""
from __future__ import annotations

from portal.matching.rules import SupplierRecord
from portal.matching.suppliers import SupplierDirectory, alias_key
from tests.ocr.builders import t_number

ACME = SupplierRecord(1, "SUP-1", "Acme Trading Co., Ltd.", t_number("220029772769"))
BETA = SupplierRecord(2, "SUP-2", "株式会社ベータ")
ACMA = SupplierRecord(3, "SUP-3", "Acma Trading K.K.")


def directory(*aliases):
    return SupplierDirectory([ACME, BETA, ACMA], [(kind, alias_key(kind, value), sid) for kind, value, sid in aliases])


def test_a_name_read_on_a_suppliers_documents_leads_to_it():
    assert directory().resolve("ベ一タ商会") is None
    assert directory(("name", "ベ一タ商会", 2)).resolve("ベ一タ 商会") == BETA


def test_a_misread_registration_number_leads_to_its_supplier():
    misread = "T22002977276"  # a digit lost: no registration number at all
    assert directory(("registration_number", misread, 2)).resolve(None, "T 2200-2977-276") == BETA


def test_the_master_goes_before_an_alias_and_an_alias_before_a_close_name():
    taught = directory(("name", "Acma Trading", 1), ("registration_number", ACME.registration_number, 2))
    assert taught.resolve("Acma Trading K.K.") == ACMA  # the master's own name
    assert taught.resolve(None, ACME.registration_number) == ACME  # the master's own number
    assert taught.resolve("ACMA TRADING") == ACMA
    assert directory(("name", "Acme Tradeing", 3)).resolve("Acme Tradeing") == ACMA  # not the closest name


def test_a_reading_taught_for_two_suppliers_names_neither():
    taught = directory(("name", "Kanagawa Precision Foods", 1), ("name", "Kanagawa Precision Foods", 2))
    assert taught.resolve("Kanagawa Precision Foods") is None

"""The label lexicon (ocr/lexicon/labels.toml): every label names its own field, and the wording
of the qualified-invoice system and of foreign suppliers is in it."""
from __future__ import annotations

import tomllib

import pytest

from ocr.extract.cues import main_label
from ocr.extract.labels import FIELD_LABELS, LEXICON, LISTED_LABELS, key

FIELDS = tomllib.loads(LEXICON.read_text(encoding="utf-8"))["field"]


def _labels():
    for field, languages in FIELDS.items():
        for language, labels in languages.items():
            for label in labels:
                yield field, language, label


def test_the_lexicon_speaks_japanese_english_and_twenty_two_more_languages():
    languages = {language for _, language, _ in _labels()}
    assert {"ja", "en", "fr", "de", "nl", "es", "it", "pt", "sv", "fi", "pl", "da", "nb", "cs", "hu", "ro",
            "sl", "hr", "tr", "lt", "lv", "is", "et", "ca"} <= languages


@pytest.mark.parametrize(("field", "language", "label"), list(_labels()))
def test_every_label_names_its_own_field(field, language, label):
    found = main_label(label)
    # The same words may belong to two fields ('total' heads subtotal columns in French too);
    # then the label must be listed under the field it is read as.
    assert found is not None
    assert found[0] == field or any(label in FIELDS[found[0]].get(lang, []) for lang in FIELDS[found[0]])


def _composed():
    for field, labels in FIELD_LABELS.items():
        for label in labels[len(LISTED_LABELS[field]):]:
            yield field, label


@pytest.mark.parametrize(("field", "label"), list(_composed()))
def test_every_composed_label_names_its_own_field(field, label):
    assert main_label(label)[0] == field


@pytest.mark.parametrize(("text", "field"), [
    ("税抜金額", "subtotal"), ("税込合計", "total"), ("消費税額等", "tax"), ("ご請求金額", "total"),
    ("御請求金額", "total"), ("10%対象", "taxable"), ("登録番号", "registration_number"),
    ("Facture n°", "document_number"), ("Rechnungsnummer", "document_number"), ("Factuurnummer", "document_number"),
    ("Fecha", "issue_date"), ("Fälligkeitsdatum", "due_date"), ("Zwischensumme", "subtotal"),
    ("N TVA", "ignore"), ("Seite", "ignore"), ("お客様注文番号", "po_number"),
    ("Numero fattura", "document_number"), ("Scadenza", "due_date"), ("Totale imponibile", "subtotal"),
    ("Totale documento", "total"),
    ("Fakturanr", "document_number"), ("Förfallodatum", "due_date"), ("Ert ordernr", "po_number"),
    ("Att betala", "total"), ("Laskun numero", "document_number"), ("Eräpäivä", "due_date"),
    ("Veroton yhteensä", "subtotal"), ("Maksettava yhteensä", "total"), ("Data wystawienia", "issue_date"),
    ("Termin płatności", "due_date"), ("Razem do zapłaty", "total"), ("Kwota VAT", "tax"),
    ("Serie y folio", "document_number"), ("IVA Trasladado", "tax"), ("ISR Retenido", "withholding"),
    ("Tilbudsnr.", "document_number"), ("Forfaldsdato", "due_date"), ("At betale", "total"),
    ("Forfallsdato", "due_date"), ("Å betale", "total"), ("MVA", "tax"), ("Číslo faktury", "document_number"),
    ("Datum vystavení", "issue_date"), ("Datum splatnosti", "due_date"), ("Celkem k úhradě", "total"),
    ("DUZP", "ignore"), ("Číslo objednávky", "po_number"), ("Customer reference", "po_number"),
    ("Számla kelte", "issue_date"), ("Fizetési határidő", "due_date"), ("Fizetendő", "total"),
    ("Számla száma", "document_number"), ("TOTAL AMOUNT DUE THIS INVOICE", "total"),
    ("Kraj in datum izdaje", "issue_date"), ("Rok plačila", "due_date"), ("Skupaj brez DDV", "subtotal"),
    ("Za plačilo", "total"), ("Ponuda vrijedi do", "due_date"), ("Ukupno za platiti", "total"),
    ("Ara Toplam", "subtotal"), ("Genel Toplam", "total"), ("Geçerlilik Tarihi", "due_date"),
    ("Serija ir numeris", "document_number"), ("Bendra suma su PVM", "total"), ("Apmokėti iki", "due_date"),
    ("Apmaksas termiņš", "due_date"), ("Summa apmaksai", "total"), ("Gjalddagi", "due_date"),
    ("Samtals til greiðslu", "total"), ("Útgáfudagur", "issue_date"), ("Offre n°", "document_number"),
    ("Viitteenne", "po_number"), ("Datum opravljene dobave", "ignore"), ("Datum opravljene storitve", "ignore"),
    ("Datum dospeća", "due_date"), ("Broj narudžbenice", "po_number"), ("Datum prometa", "ignore"),
    ("Voimassa", "due_date"), ("Tarjouksen numero", "document_number"),
    ("仕切No.", "document_number"), ("Rekv.nr.", "po_number"), ("Jūsų užsakymas", "po_number"),
    ("Nr. ord. reg. com./an", "ignore"),
    ("Kwota należności ogółem", "total"), ("Kwota podatku", "tax"),
    ("Fatura de venda N°", "document_number"), ("Emissão", "issue_date"), ("LUT ARN", "ignore"),
    ("Maksetähtaeg", "due_date"), ("Tellimuse nr", "po_number"), ("Summa käibemaksuta", "subtotal"),
    ("Viitenumber", "ignore"), ("Núm. pressupost", "document_number"), ("Vàlid fins", "due_date"),
    ("Base imposable", "subtotal"), ("Total dos produtos", "subtotal"), ("Valor total do orçamento", "total"),
    ("Pedido de compra do cliente", "po_number"), ("Pedido de venda nº", "ignore"), ("Jeres ref.", "po_number"),
    ("Serie-Folio", "document_number"),
])
def test_the_wording_suppliers_print(text, field):
    assert main_label(text)[0] == field


def test_a_lone_n_in_garble_is_no_number_caption():
    # 'N TVA' as the lexicon writes 'N° TVA'; an 'n' OCR made of a smudge ('(n') names nothing.
    assert (main_label("(n") or ("",))[0] != "document_number"


@pytest.mark.parametrize(("caption", "field"), [
    ("お支仏期服", "due_date"),  # two kanji misread: still the caption
    ("伝票 / Reference", "document_number"),  # not 'PO Reference' with two of its letters read as kanji
    ("No. Reference", "document_number"),  # two labels read right: no misreading of a third
    ("発行昌", "issue_date"),  # 日 read as 昌 (日日): 発行日, no 発行者 or 発行元 (the seller)
])
def test_a_misread_caption_is_the_label_it_is_nearest_and_two_read_right_are_themselves(caption, field):
    from ocr.extract.labels import FIELD_VOCAB, find_labels
    from ocr.extract.layout import document_of
    from tests.ocr.builders import page

    row = document_of([page([(200, [(100, caption), (600, "S2701847")])])]).rows[0]
    assert {hit.field for hit in find_labels(row, FIELD_VOCAB)} == {field}


@pytest.mark.parametrize(("caption", "names_the_order"), [
    ("Customer ref.", True),  # the buyer's reference: its order
    ("Customer rcf.", True),  # one letter misread
    ("Customer nea.", False),  # 'Customer no.' on a fax: its short last word is another word, no 'ref.'
])
def test_two_letters_of_a_captions_short_last_word_misread_make_another_word(caption, names_the_order):
    from ocr.extract.labels import FIELD_VOCAB, find_labels
    from ocr.extract.layout import document_of
    from tests.ocr.builders import page

    row = document_of([page([(200, [(100, caption)])])]).rows[0]
    assert ("po_number" in {hit.field for hit in find_labels(row, FIELD_VOCAB)}) is names_the_order


@pytest.mark.parametrize(("garble", "field"), [
    ("bt 性", None),  # a kanji among two letters makes no short Latin caption ('btw') of them
    ("btw", "tax"),  # the caption as printed
    ("支払期目", "due_date"),  # a kanji misread in a Japanese caption: still the caption
])
def test_a_kanji_read_among_letters_never_makes_them_a_short_latin_caption(garble, field):
    from ocr.extract.labels import FIELD_VOCAB, find_labels
    from ocr.extract.layout import document_of
    from tests.ocr.builders import page

    row = document_of([page([(200, [(276, garble)])])]).rows[0]
    assert {hit.field for hit in find_labels(row, FIELD_VOCAB)} == ({field} if field else set())


@pytest.mark.parametrize("sign", ["¥", "\\", "$", "€"])
def test_a_caption_ends_at_the_money_sign_of_its_figure(sign):
    # 'Balance due ¥ 1 6…': the figure's '1' read as a letter is no 'by' of 'Balance due by'.
    from ocr.extract.labels import FIELD_VOCAB, find_labels
    from ocr.extract.layout import document_of
    from tests.ocr.builders import page

    row = document_of([page([(200, [(100, "Balance"), (190, "due"), (240, sign), (270, "1"), (300, "6"),
                                    (330, "り"), (360, "2"), (390, "2"), (420, "6")])])]).rows[0]
    assert [hit.field for hit in find_labels(row, FIELD_VOCAB)] == ["total"]


@pytest.mark.parametrize("printed", ["N°", "Nº", "N.°", "N.º", "n°"])
def test_every_way_of_printing_the_number_mark_keys_as_no(printed):
    assert key(printed) == key("No")

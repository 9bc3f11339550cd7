"""The randomiser's own wording: titles, labels, column heads and notes per language.

Kept apart from the extractor's vocabulary on purpose: a measurement that draws only the
reader's own words measures nothing. Each entry lists wordings seen on real documents;
PARTS builds further labels from a head and a tail, so that wordings nobody listed turn up.
Templates take {rate}, {mark}, {n}, {of}.
"""
from __future__ import annotations

import random

JA = {
    "invoice_title": ["請求書", "御請求書", "請 求 書", "適格請求書", "請求書（適格請求書）", "ご請求書",
                      "請求明細書", "納品書兼請求書"],
    "quote_title": ["見積書", "御見積書", "御 見 積 書", "お見積書"],
    "number": ["請求書番号", "請求番号", "請求No.", "請求書No.", "伝票番号", "伝票No.", "No.", "インボイス番号"],
    "quote_number": ["見積番号", "見積No.", "お見積番号", "見積書番号"],
    "issue_date": ["発行日", "請求日", "請求年月日", "発行年月日", "日付", "伝票日付", "作成日"],
    "quote_date": ["見積日", "発行日", "見積年月日", "作成日"],
    "due_date": ["お支払期限", "お支払期日", "支払期日", "お振込期限", "支払期限", "お支払い期限"],
    "valid_until": ["有効期限", "見積有効期限", "お見積有効期限"],
    "po": ["ご注文番号", "貴社注文番号", "注文番号", "御社発注No.", "発注番号", "貴社発注番号", "注文No."],
    "registration": ["登録番号", "適格請求書発行事業者登録番号", "インボイス登録番号", "事業者登録番号"],
    "customer": ["お客様コード", "得意先コード", "顧客番号"],
    "contact": ["担当", "担当者", "営業担当"],
    "subtotal": ["小計", "税抜金額", "税抜合計", "本体価格合計", "合計（税抜）", "税抜小計"],
    "tax_total": ["消費税", "消費税額", "消費税額等", "消費税合計", "消費税等"],
    "total": ["合計", "合計金額", "税込合計", "総合計", "請求金額", "税込金額"],
    "amount_due": ["ご請求金額", "御請求金額", "今回ご請求額", "ご請求額", "税込御請求額"],
    "quote_total": ["御見積金額", "お見積金額", "見積合計", "お見積合計（税込）"],
    "taxable": ["{rate}%対象", "{rate}%対象額", "{rate}%対象 税抜", "税率{rate}%対象"],
    "reduced_taxable": ["軽減税率{rate}%対象", "{rate}%（軽減）対象", "{mark}{rate}%対象"],
    "tax_at": ["消費税", "消費税（{rate}%）", "消費税額", "消費税等（{rate}%）"],
    "bill_to": ["御中", "様", "御中"],
    "intro_invoice": ["下記のとおりご請求申し上げます。", "毎度ありがとうございます。下記の通りご請求いたします。",
                      "平素は格別のお引き立てを賜り厚く御礼申し上げます。"],
    "intro_quote": ["下記のとおりお見積り申し上げます。", "ご検討のほどよろしくお願い申し上げます。"],
    "reduced_note": ["{mark}は軽減税率対象", "{mark}印は軽減税率（{rate}%）適用商品です。",
                     "「{mark}」は軽減税率対象品目です"],
    "continued": ["（続き）", "（明細続き）", "（2枚目）"],
    "carried": ["次頁へ続く", "次ページへ続きます", "以下次頁"],
    "page": ["{n} / {of}", "- {n}/{of} -", "{n}頁"],
    "bank": ["お振込先：{bank}", "振込口座：{bank}", "【お振込先】{bank}"],
    "terms": ["お振込手数料は貴社にてご負担ください。", "誠に恐れ入りますが、振込手数料はご負担願います。"],
    "discount": ["値引", "出精値引", "値引き", "特別値引", "端数値引"],
}

EN = {
    "invoice_title": ["INVOICE", "Invoice", "TAX INVOICE", "Tax Invoice", "COMMERCIAL INVOICE"],
    "quote_title": ["QUOTATION", "Quotation", "QUOTE", "Estimate", "PRICE QUOTATION"],
    "number": ["Invoice No.", "Invoice #", "Invoice Number", "Bill No.", "Reference", "Inv. No.", "Document No."],
    "quote_number": ["Quote No.", "Quotation No.", "Quote #", "Estimate No."],
    "issue_date": ["Date", "Invoice Date", "Date of issue", "Issued", "Issue date", "Billing date", "Tax point"],
    "quote_date": ["Date", "Quote date", "Date of quotation", "Issued"],
    "due_date": ["Due date", "Payment due", "Due by", "Please pay by", "Pay by", "Balance due by"],
    "valid_until": ["Valid until", "Offer valid until", "Expires", "Valid through"],
    "po": ["PO No.", "PO number", "Your order", "Your PO", "Purchase order", "Customer PO", "Order ref."],
    "registration": ["Registration No.", "Qualified invoice issuer no.", "Invoice registration no.",
                     "JCT registration no.", "Registered number"],
    "customer": ["Customer no.", "Account no.", "Client ID"],
    "contact": ["Contact", "Sales rep.", "Your contact"],
    "subtotal": ["Subtotal", "Sub-total", "Net amount", "Total before tax", "Net total", "Amount excl. tax"],
    "tax_total": ["Tax", "Consumption tax", "Total tax", "Sales tax", "Tax amount"],
    "total": ["Total", "Grand total", "Total amount", "Invoice total", "Total incl. tax"],
    "amount_due": ["Amount due", "Balance due", "Total due", "Please pay", "Amount payable"],
    "quote_total": ["Quote total", "Total quoted", "Estimated total", "Total"],
    "taxable": ["Taxable at {rate}%", "{rate}% taxable", "Subject to {rate}%", "Net at {rate}%"],
    "reduced_taxable": ["Reduced rate {rate}%", "{mark}{rate}% taxable", "Taxable at {rate}% (reduced)"],
    "tax_at": ["Tax {rate}%", "Consumption tax {rate}%", "Tax at {rate}%", "JCT {rate}%"],
    "bill_to": ["Bill to", "Invoice to", "Sold to", "Customer", "Billed to"],
    "intro_invoice": ["Thank you for your business.", "We invoice you for the following goods:",
                      "Please find our invoice below."],
    "intro_quote": ["We are pleased to quote as follows:", "Thank you for your enquiry."],
    "reduced_note": ["{mark} reduced tax rate ({rate}%) item", "Items marked {mark} are taxed at {rate}%.",
                     "{mark} = reduced rate"],
    "continued": ["(continued)", "- continued -", "(page 2)"],
    "carried": ["Continued on next page", "Carried forward", "Continued overleaf"],
    "page": ["Page {n} of {of}", "{n}/{of}", "Page {n}"],
    "bank": ["Bank details: {bank}", "Please remit to {bank}", "Payment to: {bank}"],
    "terms": ["Please quote the invoice number with your payment.", "Bank charges are for the payer's account."],
    "discount": ["Discount", "Volume discount", "Special discount", "Trade discount", "Less: discount"],
}

DE = {
    "invoice_title": ["RECHNUNG", "Rechnung"], "quote_title": ["ANGEBOT", "Angebot", "Kostenvoranschlag"],
    "number": ["Rechnungsnummer", "Rechnungs-Nr.", "Rechnung Nr.", "Re.-Nr.", "Belegnummer"],
    "quote_number": ["Angebotsnummer", "Angebots-Nr."],
    "issue_date": ["Rechnungsdatum", "Datum", "Belegdatum", "Ausstellungsdatum"],
    "quote_date": ["Angebotsdatum", "Datum"],
    "due_date": ["Fällig am", "Zahlbar bis", "Fälligkeitsdatum", "Zahlungsziel"],
    "valid_until": ["Gültig bis", "Angebot gültig bis", "Bindefrist"],
    "po": ["Ihre Bestellung", "Bestellnummer", "Ihre Bestell-Nr.", "Auftragsnummer", "Ihr Zeichen"],
    "registration": ["USt-IdNr.", "USt-ID", "UID-Nr."],
    "customer": ["Kundennummer", "Kunden-Nr."], "contact": ["Ansprechpartner", "Bearbeiter"],
    "subtotal": ["Zwischensumme", "Nettobetrag", "Summe netto", "Warenwert netto", "Gesamt netto"],
    "tax_total": ["MwSt.", "Mehrwertsteuer", "USt.", "Umsatzsteuer", "MwSt. gesamt"],
    "total": ["Gesamtbetrag", "Rechnungsbetrag", "Endbetrag", "Gesamtsumme", "Summe brutto"],
    "amount_due": ["Zu zahlender Betrag", "Rechnungsbetrag", "Zahlbetrag"],
    "quote_total": ["Angebotssumme", "Gesamtbetrag"],
    "taxable": ["Netto {rate} %", "Nettobetrag {rate} %", "Basis {rate}%"],
    "reduced_taxable": ["Netto {rate} % (ermäßigt)", "{mark}Netto {rate} %"],
    "tax_at": ["MwSt. {rate} %", "zzgl. {rate} % MwSt.", "USt. {rate}%", "Umsatzsteuer {rate} %"],
    "bill_to": ["Rechnungsempfänger", "Kunde", "Rechnungsanschrift"],
    "intro_invoice": ["Vielen Dank für Ihren Auftrag. Wir berechnen Ihnen:", "Wir erlauben uns zu berechnen:"],
    "intro_quote": ["Gerne bieten wir Ihnen an:", "Wir danken für Ihre Anfrage."],
    "reduced_note": ["{mark} ermäßigter Steuersatz {rate} %"],
    "continued": ["(Fortsetzung)", "- Seite 2 -"], "carried": ["Übertrag", "Fortsetzung auf Seite 2"],
    "page": ["Seite {n} von {of}", "Seite {n}/{of}"],
    "bank": ["Bankverbindung: {bank}", "Bitte überweisen Sie an {bank}"],
    "terms": ["Zahlbar ohne Abzug.", "Bitte geben Sie die Rechnungsnummer an."],
    "discount": ["Rabatt", "Sonderrabatt", "Nachlass", "Mengenrabatt"],
}

FR = {
    "invoice_title": ["FACTURE", "Facture"], "quote_title": ["DEVIS", "Devis", "Offre de prix"],
    "number": ["Facture n°", "N° de facture", "Numéro de facture", "Facture N°", "Réf. facture"],
    "quote_number": ["Devis n°", "N° de devis"],
    "issue_date": ["Date", "Date de facture", "Date d'émission", "Émise le", "Date de facturation"],
    "quote_date": ["Date du devis", "Date"],
    "due_date": ["Date d'échéance", "Échéance", "À régler avant le", "Payable le", "Date limite de paiement"],
    "valid_until": ["Valable jusqu'au", "Validité de l'offre", "Date de validité"],
    "po": ["Votre commande", "N° de commande", "Bon de commande", "Réf. commande"],
    "registration": ["N° TVA intracommunautaire", "TVA intracom.", "N° TVA"],
    "customer": ["Code client", "N° client"], "contact": ["Votre contact", "Interlocuteur"],
    "subtotal": ["Montant HT", "Total HT", "Sous-total HT", "Net HT"],
    "tax_total": ["TVA", "Montant TVA", "Total TVA"],
    "total": ["Total TTC", "Montant TTC", "Net à payer", "Total à payer"],
    "amount_due": ["Net à payer", "Montant à régler", "Total TTC"],
    "quote_total": ["Total TTC", "Montant du devis"],
    "taxable": ["Base HT {rate} %", "Base TVA {rate}%", "HT à {rate} %"],
    "reduced_taxable": ["Base HT {rate} % (taux réduit)", "{mark}Base {rate} %"],
    "tax_at": ["TVA {rate} %", "TVA à {rate}%", "TVA ({rate} %)"],
    "bill_to": ["Client", "Facturé à", "Adresse de facturation"],
    "intro_invoice": ["Nous vous remercions de votre commande.", "Veuillez trouver ci-dessous notre facture."],
    "intro_quote": ["Suite à votre demande, voici notre offre :"],
    "reduced_note": ["{mark} taux réduit de TVA ({rate} %)"],
    "continued": ["(suite)", "- page 2 -"], "carried": ["À reporter", "Suite page suivante"],
    "page": ["Page {n}/{of}", "Page {n} sur {of}"],
    "bank": ["Coordonnées bancaires : {bank}", "Règlement par virement : {bank}"],
    "terms": ["Pas d'escompte pour paiement anticipé.", "Pénalités de retard : 3 fois le taux légal."],
    "discount": ["Remise", "Remise commerciale", "Rabais"],
}

NL = {
    "invoice_title": ["FACTUUR", "Factuur"], "quote_title": ["OFFERTE", "Offerte"],
    "number": ["Factuurnummer", "Factuurnr.", "Factuur nr."], "quote_number": ["Offertenummer", "Offertenr."],
    "issue_date": ["Factuurdatum", "Datum"], "quote_date": ["Offertedatum", "Datum"],
    "due_date": ["Vervaldatum", "Te betalen voor", "Uiterste betaaldatum"],
    "valid_until": ["Geldig tot", "Geldig t/m"],
    "po": ["Uw bestelling", "Bestelnummer", "Uw referentie", "Inkoopordernummer"],
    "registration": ["BTW-nummer", "BTW-nr.", "BTW-id"],
    "customer": ["Klantnummer", "Debiteurnr."], "contact": ["Contactpersoon"],
    "subtotal": ["Subtotaal", "Totaal excl. BTW", "Netto bedrag"],
    "tax_total": ["BTW", "Totaal BTW", "BTW-bedrag"],
    "total": ["Totaal", "Totaal incl. BTW", "Te betalen", "Totaalbedrag"],
    "amount_due": ["Te betalen", "Totaal te betalen"], "quote_total": ["Totaal offerte", "Totaal"],
    "taxable": ["Grondslag {rate}%", "Omzet {rate}% BTW"], "reduced_taxable": ["Grondslag {rate}% (laag)"],
    "tax_at": ["BTW {rate}%", "BTW {rate} %", "{rate}% BTW"],
    "bill_to": ["Factuuradres", "Klant", "Aan"],
    "intro_invoice": ["Hartelijk dank voor uw bestelling.", "Wij factureren u als volgt:"],
    "intro_quote": ["Graag bieden wij u het volgende aan:"],
    "reduced_note": ["{mark} verlaagd BTW-tarief ({rate}%)"],
    "continued": ["(vervolg)"], "carried": ["Zie volgende pagina", "Transport"],
    "page": ["Pagina {n} van {of}", "Blad {n}/{of}"],
    "bank": ["Bankgegevens: {bank}", "Gelieve over te maken op {bank}"],
    "terms": ["Betaling binnen de termijn.", "Vermeld bij betaling het factuurnummer."],
    "discount": ["Korting", "Kwantumkorting"],
}

ES = {
    "invoice_title": ["FACTURA", "Factura"], "quote_title": ["PRESUPUESTO", "Presupuesto", "Oferta"],
    "number": ["Factura n.º", "Nº factura", "Número de factura", "Factura núm."],
    "quote_number": ["Presupuesto n.º", "Nº presupuesto"],
    "issue_date": ["Fecha", "Fecha de factura", "Fecha de emisión", "Fecha factura"],
    "quote_date": ["Fecha", "Fecha del presupuesto"],
    "due_date": ["Vencimiento", "Fecha de vencimiento", "Pagar antes de"],
    "valid_until": ["Válido hasta", "Validez"],
    "po": ["Su pedido", "Nº de pedido", "Pedido n.º", "Ref. pedido"],
    "registration": ["NIF", "CIF", "NIF-IVA"],
    "customer": ["Nº cliente", "Código cliente"], "contact": ["Atendido por"],
    "subtotal": ["Base imponible", "Subtotal", "Importe neto"],
    "tax_total": ["IVA", "Total IVA", "Cuota IVA"],
    "total": ["Total", "Total factura", "Importe total", "Total a pagar"],
    "amount_due": ["Total a pagar", "Importe a pagar"], "quote_total": ["Total presupuesto", "Total"],
    "taxable": ["Base {rate}%", "Base imponible {rate}%"], "reduced_taxable": ["Base {rate}% (reducido)"],
    "tax_at": ["IVA {rate}%", "IVA {rate} %", "IVA ({rate}%)"],
    "bill_to": ["Cliente", "Facturar a", "Datos del cliente"],
    "intro_invoice": ["Gracias por su pedido.", "Le facturamos lo siguiente:"],
    "intro_quote": ["Le presentamos nuestra oferta:"],
    "reduced_note": ["{mark} tipo reducido de IVA ({rate}%)"],
    "continued": ["(continuación)"], "carried": ["Suma y sigue", "Continúa en la página siguiente"],
    "page": ["Página {n} de {of}", "Pág. {n}/{of}"],
    "bank": ["Datos bancarios: {bank}", "Transferencia a {bank}"],
    "terms": ["Forma de pago: transferencia bancaria."],
    "discount": ["Descuento", "Descuento comercial", "Dto. pronto pago"],
}

# An American house's words for a sales tax (the Japanese consumption-tax words would be wrong).
US = {"tax_at": ["Sales tax {rate}%", "Tax {rate}%", "Sales tax (exempt) {rate}%"],
      "tax_total": ["Sales tax", "Tax", "Total tax"], "taxable": ["Taxable at {rate}%", "Net at {rate}%"],
      "bill_to": ["Bill to", "Sold to", "Ship to / Bill to"]}

LABELS = {"ja": JA, "en": EN, "de": DE, "fr": FR, "nl": NL, "es": ES}

# Column heads of the line table: key -> wordings per language.
COLUMNS = {
    "ja": {"no": ["No.", "No", "#", "項"], "sku": ["品番", "商品コード", "コード", "品コード"],
           "description": ["品名", "品目", "商品名", "品名・規格", "摘要", "内容", "品名／摘要"],
           "quantity": ["数量", "数 量", "個数"], "unit": ["単位"], "unit_price": ["単価", "単 価", "税抜単価"],
           "rate": ["税率", "税区分"], "mark": ["軽減", "区分", ""], "amount": ["金額", "金 額", "税抜金額"]},
    "en": {"no": ["No.", "#", "Item", "Ln"], "sku": ["Item code", "SKU", "Code", "Part no.", "Article"],
           "description": ["Description", "Item description", "Particulars", "Product", "Details"],
           "quantity": ["Qty", "Quantity", "Qty."], "unit": ["Unit", "UoM"],
           "unit_price": ["Unit price", "Price", "Rate", "Unit cost"], "rate": ["Tax", "Tax rate", "VAT"],
           "mark": ["", "R"], "amount": ["Amount", "Line total", "Total", "Net"]},
    "de": {"no": ["Pos.", "Pos", "Nr."], "sku": ["Art.-Nr.", "Artikelnr.", "Artikel"],
           "description": ["Bezeichnung", "Beschreibung", "Artikelbezeichnung", "Leistung"],
           "quantity": ["Menge", "Anz."], "unit": ["Einheit", "ME"],
           "unit_price": ["Einzelpreis", "E-Preis", "Preis/Einheit"], "rate": ["MwSt.", "USt."],
           "mark": [""], "amount": ["Gesamtpreis", "Betrag", "Gesamt"]},
    "fr": {"no": ["N°", "Pos."], "sku": ["Réf.", "Référence", "Code article"],
           "description": ["Désignation", "Description", "Libellé"], "quantity": ["Qté", "Quantité"],
           "unit": ["Unité", "U."], "unit_price": ["Prix unitaire HT", "P.U. HT", "Prix unit."],
           "rate": ["TVA", "Taux TVA"], "mark": [""], "amount": ["Montant HT", "Total HT", "Montant"]},
    "nl": {"no": ["Nr.", "Pos."], "sku": ["Artikelnr.", "Art.nr.", "Code"],
           "description": ["Omschrijving", "Artikel", "Product"], "quantity": ["Aantal", "Aant."],
           "unit": ["Eenheid"], "unit_price": ["Prijs", "Stukprijs", "Prijs p/st"], "rate": ["BTW", "BTW %"],
           "mark": [""], "amount": ["Bedrag", "Totaal"]},
    "es": {"no": ["Nº", "Pos."], "sku": ["Ref.", "Código", "Artículo"],
           "description": ["Descripción", "Concepto", "Artículo"], "quantity": ["Cant.", "Cantidad", "Uds."],
           "unit": ["Unidad"], "unit_price": ["Precio", "Precio unit.", "P. unitario"], "rate": ["IVA", "% IVA"],
           "mark": [""], "amount": ["Importe", "Total", "Subtotal"]},
}

# Heads and tails that compose labels beyond the lists above ("Bill" + "Nr." = "Bill Nr.").
PARTS = {
    "ja": {"number": (["請求書", "請求", "ご請求", "伝票", "インボイス"], ["番号", "No.", "NO.", "No", "ナンバー"]),
           "issue_date": (["請求", "発行", "作成", "伝票"], ["日", "日付", "年月日"]),
           "due_date": (["お支払", "お支払い", "お振込", "ご入金", "支払"], ["期限", "期日", "予定日", "日"]),
           "po": (["貴社", "御社", "ご", ""], ["注文番号", "発注番号", "注文No.", "発注No."]),
           "subtotal": (["税抜", "本体", "商品"], ["合計", "金額", "小計", "合計額"]),
           "total": (["税込", "総", "ご請求"], ["合計", "合計額", "金額", "総額"])},
    "en": {"number": (["Invoice", "Inv.", "Bill", "Tax invoice", "Document"], ["No.", "Number", "#", "Nr.", "Ref."]),
           "issue_date": (["Invoice", "Issue", "Billing", "Document"], ["date", "Date", "dated"]),
           "due_date": (["Payment", "Due", "Remittance", "Settlement"], ["date", "due", "deadline", "by"]),
           "po": (["Your", "Customer", "Purchase", "Buyer's"], ["PO", "order no.", "order ref.", "PO #"]),
           "subtotal": (["Net", "Goods", "Merchandise", "Lines"], ["total", "amount", "subtotal", "value"]),
           "total": (["Invoice", "Gross", "Grand", "Total"], ["total", "amount", "sum", "due"])},
}

# How a house writes its labels: the separator after a label beside its value.
COLONS = {"ja": ["", "：", ":", "　"], "en": ["", ":", " :"], "de": ["", ":"], "fr": [" :", ":", ""],
          "nl": ["", ":"], "es": ["", ":"]}


def wording(rng: random.Random, language: str, key: str) -> str:
    """One wording for a label: listed, or now and then composed from a head and a tail."""
    parts = PARTS.get(language, {}).get(key)
    if parts and rng.random() < 0.35:
        head, tail = rng.choice(parts[0]), rng.choice(parts[1])
        joiner = "" if language == "ja" else " "
        return (head + joiner + tail).strip()
    return rng.choice(LABELS[language][key])


def column_head(rng: random.Random, language: str, key: str) -> str:
    """A column head for the line table."""
    return rng.choice(COLUMNS[language][key])

"""Invoices and quotes in random layouts, to measure extraction on layouts nobody tuned it on.

Random suppliers (Japanese, Japan-based English, American and European), each with a house
style drawn at random: where the meta block sits, labels beside, above or below their values,
bilingual labels, totals at the top, the bottom or both, per-rate summaries, its own wording,
money and date notation. The world (orders, receipts, exceptions), the page model, the
degradations and the truth come from `samples`.

    python -m samples.randomiser OUT_DIR --seed N --count 200

Modules: words and goods (data), notation (money, dates), style (the house style), cast
(suppliers), plan (the world), writer (what is printed), blocks, table and totals (drawing),
sheet (pages), corpus (files and truth).
"""

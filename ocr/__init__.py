"""Reading documents: file sniffing, page rendering, OCR and field extraction.

Nothing here imports Flask or the database: the portal calls in, never the reverse.
"""

"""The demo: a made-up procurement world and the invoices and quotes its suppliers send,
drawn and degraded like real scans, faxes and phone photos.

`world` (the data), `render` (drawing; also the held-out corpus generator:
`python -m portal.demo.render OUTDIR`, see corpus.py), `degrade` (scans, photos, faxes) and
`loader` (the only module that needs Flask: `portal demo`).
"""

"""The samples: a made-up procurement world and the invoices and quotes its suppliers send,
drawn and degraded like real scans, faxes and phone photos. Not part of the application:
`portal demo` loads them (`portal.demo`), the tests and benchmarks draw on them.

`world` (the data), `render` (drawing; also the held-out corpus generator:
`python -m samples.render OUTDIR`, see corpus.py), `degrade` (scans, photos, faxes) and
`randomiser` (random layouts: `python -m samples.randomiser OUT_DIR --seed N --count 200`).
"""

"""E-mail to people: approvers when steps wait for them (at most one digest a day), submitters
when their document is decided. Sent from the worker's queue, in each person's language."""

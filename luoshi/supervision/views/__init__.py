"""Supervision pages, one module per page family (mirroring `selectors/`). Thin: parse
input, call one selector or service, render. `NotFound` raised anywhere answers 404."""

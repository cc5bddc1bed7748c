"""Build-time tools of vnreport, kept out of the runtime package ``vnreport`` (which never imports
them): :mod:`.model` builds the restorer's model (``vnreport lexicon build``), :mod:`.ocrpairs`
makes the (clean, OCR) line pairs its noise models learn from, :mod:`.synthetic` renders and
degrades text pages and :mod:`.table_pages` appendix-table pages, for the sample scan, the tests
and the benchmarks."""

"""The recipes of the commands that read many inputs, side by side: :mod:`.fix`, :mod:`.tables`,
:mod:`.check`. Each wires the stages of its command (OCR, repair, the table algorithm in
:mod:`vnreport.tables`) into :func:`vnreport.batch.run_inputs`, the one per-input loop."""

"""Review pages: one self-contained HTML file where a person checks what vnreport was unsure of.

``vnreport fix --review review.html`` (:func:`vnreport.review.fixpage.write_fix_review`) and
``vnreport tables --review review.html`` (:func:`vnreport.review.tablepage.write_tables_review`)
write a page with everything inline (script, style, downscaled page images as data), so it opens
from a file share or an e-mail attachment with no server and no network. The fix page saves a
corrections file that ``vnreport fix --corrections`` applies (:mod:`vnreport.corrections`).
"""

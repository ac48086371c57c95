"""The PDF, printed from the HTML by WeasyPrint (its print CSS: A4, a page per section).

WeasyPrint is told to fetch nothing: the HTML is self-contained, and a report about client data must
not reach out to the network while it is being made.
"""

from __future__ import annotations

import logging


class _NoFetch(Exception):
    pass


def _refuse(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    raise _NoFetch("the report fetches nothing")


def render_pdf(*, html: str) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only the PDF needs

    # WeasyPrint and fontTools log every font subset at INFO; a report's logs stay about casebot.
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    pdf = HTML(string=html, url_fetcher=_refuse).write_pdf()
    assert pdf is not None
    return bytes(pdf)

"""The join poster, /store/<code>/loyalty/settings/poster.pdf (store:loyalty:poster): an A4 PDF
with the store's name, the programme's name and a big QR code to https://<store's domain>/loyalty/join,
in the store's language, for the counter or the window."""

from __future__ import annotations

import io

import segno
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from apps.tenancy.routing import store_base_url, store_host

from ... import services
from ...permissions import Action
from .settings import SettingsPage

QR_SIDE = 120 * mm


def join_url(store, request=None) -> str:
    """The public join page on the store's canonical domain."""
    return f"{store_base_url(store, request, host=store_host(store))}/loyalty/join/"


def _qr(pdf: canvas.Canvas, url: str, left: float, bottom: float) -> None:
    """The QR code as vector squares (sharp at any print size)."""
    code = segno.make(url, error="m")
    rows = list(code.matrix_iter(border=0))
    cell = QR_SIDE / len(rows)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                pdf.rect(left + x * cell, bottom + QR_SIDE - (y + 1) * cell, cell, cell, stroke=0, fill=1)


def poster_pdf(*, store, program, url: str) -> bytes:
    buffer = io.BytesIO()
    # uncompressed: the text stays readable in the file (search, tests)
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=0)
    width, height = A4
    pdf.setTitle(_("Join %(program)s") % {"program": program.name})
    pdf.setAuthor(store.name)
    pdf.setSubject(url)
    pdf.setFont("Helvetica-Bold", 30)
    pdf.drawCentredString(width / 2, height - 40 * mm, store.name)
    pdf.setFont("Helvetica", 22)
    pdf.drawCentredString(width / 2, height - 55 * mm, program.name)
    pdf.setFont("Helvetica-Bold", 20)
    pdf.drawCentredString(width / 2, height - 75 * mm, _("Join our loyalty programme"))
    _qr(pdf, url, (width - QR_SIDE) / 2, height - 85 * mm - QR_SIDE)
    pdf.setFont("Helvetica", 14)
    pdf.drawCentredString(width / 2, 60 * mm, _("Scan the code with your phone's camera, or open:"))
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawCentredString(width / 2, 50 * mm, url)
    pdf.setFont("Helvetica", 12)
    pdf.drawCentredString(width / 2, 35 * mm, _("Collect rewards in every one of our stores."))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


class PosterView(SettingsPage, View):
    actions = {"GET": Action.VIEW}

    def get(self, request, *args, **kwargs):
        program = services.program_required(active=False)
        url = join_url(self.store, request)
        with translation.override(self.store.language or None):
            data = poster_pdf(store=self.store, program=program, url=url)
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="loyalty-poster-{self.store.code.lower()}.pdf"'
        return response

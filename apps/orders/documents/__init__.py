"""The orders app's documents and e-mails: invoice, credit note and packing slip PDFs (pdf.py,
built from what services.invoices copied onto the Invoice, so a PDF is the same whenever it is
rebuilt), the bulk packing-slip job (jobs.py) and the e-mails to customers and to the merchant
(emails.py). Nothing here changes an order except the timeline's "e-mail sent" entries."""

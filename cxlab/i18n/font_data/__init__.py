"""The Chinese font shipped with cxlab (data only; see README.md here and cxlab.i18n.fonts)."""

"""Luxembourgish (lb-LU): written like German in Luxembourg (30.11.2026, 30. November 2026, 14:30;
1.234,50). Django ships no formats for lb, so without this module it would fall back to the US
defaults."""

from config.formats.de.formats import *  # noqa: F403

"""The site layer: the chart theme and renderer, network views, page tables, the data catalogue, figure
export and vendored scripts. It builds on the research core (`bioregions`) and is used by the chapters.

A page's setup chunk calls `start_page("chapters/<page>.qmd")` once; figures and tables then link
relative to that page."""
from .citation import cite_this
from .page import Page, current_page, start_page
from .prose import md_text, num, share

__all__ = ["Page", "cite_this", "current_page", "md_text", "num", "share", "start_page"]

"""The page audit: headings, the disclaimer and the SEO checks marketers expect.

targets (fetch pages) -> document (parse once) -> checks (per page) and
site_checks (across pages) -> report (findings) -> formats (terminal, JSON, HTML...).
"""

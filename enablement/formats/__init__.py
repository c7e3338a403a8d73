"""Date and number formats per language (settings.FORMAT_MODULE_PATH).

Only what differs from Django's own formats for the language: the site writes dates as
"23 Mar 2026" in English and "23 marca 2026" in Polish. Numbers keep Django's formats
("1,229,400.00" and "1 229 400,00" with a no-break space).
"""

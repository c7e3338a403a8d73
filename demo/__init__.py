"""The demo library's text and files: a fictional vendor (Tessera) and its sales library.

Plain data (and the builders of its PDF and PPTX files): it imports none of our apps, so
any of them may read it. ``content.demo.seeding`` (``seed_demo``) turns it into pages,
users and documents.
"""

"""Demo data for ``seed_demo``: a fictional vendor (Tessera) and its sales library."""

from content.demo.presentations import DECK_ONLY_TERMS
from content.demo.relevance import RELEVANCE_CASES

__all__ = ["DECK_ONLY_TERMS", "RELEVANCE_CASES"]

"""Realistic searches a rep would type, with the demo asset they should find.

Used by the search team's relevance report: for each query, where does the expected
asset rank? Some queries only match attachment text (deck-only terms), some are
misspelled, some are phrased the way customers talk.
"""

from __future__ import annotations

from typing import NamedTuple


class RelevanceCase(NamedTuple):
    query: str
    expected_title: str
    kind: str  # "title", "body", "deck-only", "typo", "customer-words"


RELEVANCE_CASES: tuple[RelevanceCase, ...] = (
    RelevanceCase(
        "prior authorization",
        "Harborview Health cuts prior-authorization turnaround by 61%",
        "body",
    ),
    RelevanceCase("helthcare interoperabilty", "Healthcare Interoperability Briefing", "typo"),
    RelevanceCase("HL7 FHIR", "Healthcare Interoperability Briefing", "deck-only"),
    RelevanceCase("SOC 2 Type II", "Security and Compliance Overview", "deck-only"),
    RelevanceCase("FedRAMP Moderate", "Public Sector Platform Overview", "deck-only"),
    RelevanceCase("EDI 856", "Supply Chain Integration Walkthrough", "deck-only"),
    RelevanceCase("GDPR Article 28", "Data Processing and Privacy FAQ", "deck-only"),
    RelevanceCase("planogram", "Retail Store Operations Demo Script", "deck-only"),
    RelevanceCase("mid market pricng", "Mid-Market Pricing and Packaging 2025", "typo"),
    RelevanceCase(
        "too expensive", '"Your price is higher than the alternatives"', "customer-words"
    ),
    RelevanceCase("build it ourselves", '"We\'ll build it ourselves"', "customer-words"),
    RelevanceCase("security questionaire", "Security and Compliance Overview", "typo"),
    RelevanceCase(
        "KYC onboarding bank",
        "Atlas Mutual Bank opens business accounts in two days instead of nine",
        "body",
    ),
    RelevanceCase(
        "scrap rate inspections",
        "Ironclad Fabrication reduces scrap by 28% with digital inspections",
        "body",
    ),
    RelevanceCase(
        "building permits city", "City of Brookfield issues building permits 45% faster", "title"
    ),
    RelevanceCase("ROI for CFO", "ROI Model Walkthrough for CFOs", "title"),
    RelevanceCase("discovery questions", "Discovery Call Question Bank", "title"),
    RelevanceCase("SAP integration", '"Will it integrate with our ERP?"', "customer-words"),
    RelevanceCase("budget freeze", '"Budgets are frozen until next year"', "customer-words"),
    RelevanceCase(
        "student retention university",
        "Lakeside University answers student requests in hours, not weeks",
        "body",
    ),
    RelevanceCase(
        "lot traceability recall",
        "Verdant Foods traces any product lot in under five minutes",
        "body",
    ),
    RelevanceCase("carrier onbording", "Swiftline Freight onboards carriers in a day", "typo"),
    RelevanceCase("store wifi offline", '"Our stores have poor connectivity"', "customer-words"),
    RelevanceCase(
        "batlecard legacy BPM", "Competitive Battlecard: Tessera vs. Legacy BPM Suites", "typo"
    ),
    RelevanceCase("mutual action plan", "Implementation Plan and Mutual Action Plan", "title"),
    RelevanceCase(
        "credit union loans",
        "Pinecrest Credit Union decides on consumer loans the same day",
        "body",
    ),
)
"""About 25 (query, expected asset title) pairs over the full demo library."""

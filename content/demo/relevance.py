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
    kind: str  # "title", "body", "deck-only", "typo", "customer-words", "paraphrase", "polish"


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

PRICE = '"Your price is higher than the alternatives"'
LOCK_IN = '"What happens to our data if we leave?"'
SECURITY = '"We\'re worried about security and where our data lives"'

PARAPHRASE_CASES: tuple[RelevanceCase, ...] = tuple(
    RelevanceCase(query, title, "paraphrase")
    for query, title in (
        # What the customer said, in the rep's words: few words shared with the asset.
        ("they said it costs way more than they planned to spend", PRICE),
        ("customer fears they cannot leave us later", LOCK_IN),
        (
            "town hall paperwork for construction approvals is too slow",
            "City of Brookfield issues building permits 45% faster",
        ),
        ("their engineers want to code it themselves", '"We\'ll build it ourselves"'),
        ("rollout always drags on for a year", '"Implementation will take too long"'),
        ("the tech department is swamped", '"Our IT team has no bandwidth this year"'),
        ("no money left to spend until january", '"Budgets are frozen until next year"'),
        (
            "they bought software before and nobody used it",
            '"We tried automation before and it failed"',
        ),
        ("will your company still exist in a few years", '"You\'re smaller than the big vendors"'),
        ("must connect to SAP", '"Will it integrate with our ERP?"'),
        ("we are only forty employees", '"We\'re a small team, this feels like overkill"'),
        ("employees already juggle too many apps", '"Our staff won\'t adopt another tool"'),
        ("servers have to stay in our own building", '"We need it on-premise"'),
        ("paying per seat gets costly as we hire", '"Per-user pricing punishes us for growing"'),
        ("shops have bad internet", '"Our stores have poor connectivity"'),
        ("finance thinks the savings are inflated", '"The ROI numbers look too good to be true"'),
        (
            "lawyers need to sign off before we buy",
            '"It has to go through procurement and legal first"',
        ),
        ("professors will hate the extra paperwork", '"Faculty will see this as more admin work"'),
        ("patient records must stay private", '"Can you handle protected health information?"'),
        ("is our information safe in your cloud", SECURITY),
        (
            "insurance pre-approvals take days at a hospital",
            "Harborview Health cuts prior-authorization turnaround by 61%",
        ),
        (
            "patients wait too long at the front desk with clipboards",
            "Cedar Valley Clinics goes live in six weeks with digital patient intake",
        ),
        (
            "operating rooms delayed because instruments go missing",
            "Meridian Community Hospital tracks every surgical kit in real time",
        ),
        (
            "opening a company account at the bank takes over a week",
            "Atlas Mutual Bank opens business accounts in two days instead of nine",
        ),
        (
            "machine breakdowns stop the packaging line",
            "Bluewater Packaging cuts unplanned downtime by a third",
        ),
        (
            "grocery shelves empty of fruit and vegetables",
            "Maple & Main Grocers halves out-of-stocks on fresh produce",
        ),
        (
            "refunds for online purchases are slow",
            "Lantern Home Goods processes online returns in one day",
        ),
        (
            "tax agency drowning in letters from citizens",
            "Commonwealth Department of Revenue clears its correspondence backlog",
        ),
        (
            "buses break down and miss their routes",
            "Westshore County Transit keeps its bus fleet on the road",
        ),
        (
            "schools wait weeks to approve buying supplies",
            "Riverbend School District approves purchases in three days",
        ),
        (
            "electricity company technicians drive too much between jobs",
            "Copperleaf Utilities schedules field crews 30% more efficiently",
        ),
        (
            "finding contaminated food batches for a recall",
            "Verdant Foods traces any product lot in under five minutes",
        ),
        (
            "what to ask the prospect on the first call",
            "Discovery Call Question Bank",
        ),
        (
            "explaining payback to the finance director",
            "ROI Model Walkthrough for CFOs",
        ),
    )
)
"""Paraphrased questions: what a customer said, in a rep's words (meaning, not keywords)."""

POLISH_CASES: tuple[RelevanceCase, ...] = tuple(
    RelevanceCase(query, title, "polish")
    for query, title in (
        # Polish questions over the English demo library (one vector space).
        ("klient mówi, że jesteście za drodzy", PRICE),
        ("boją się, że nie będą mogli od nas odejść", LOCK_IN),
        ("czy nasze dane są bezpieczne", SECURITY),
        ("nie mają budżetu do przyszłego roku", '"Budgets are frozen until next year"'),
        ("wdrożenie potrwa za długo", '"Implementation will take too long"'),
        ("sami to zbudujemy", '"We\'ll build it ourselves"'),
        ("pracownicy nie będą używać kolejnego narzędzia", '"Our staff won\'t adopt another tool"'),
        (
            "pozwolenia na budowę w urzędzie miasta trwają za długo",
            "City of Brookfield issues building permits 45% faster",
        ),
        (
            "szpital czeka na zgody ubezpieczyciela",
            "Harborview Health cuts prior-authorization turnaround by 61%",
        ),
        (
            "bank otwiera konta firmowe zbyt wolno",
            "Atlas Mutual Bank opens business accounts in two days instead of nine",
        ),
        (
            "jakie pytania zadać klientowi na pierwszym spotkaniu",
            "Discovery Call Question Bank",
        ),
        ("integracja z SAP", '"Will it integrate with our ERP?"'),
    )
)
"""Polish questions whose answer is an English asset."""

WDROZENIE = "Wdrożenie w 30 dni"
IRONCLAD_PL = "Ironclad Fabrication ogranicza braki o 28% dzięki cyfrowym kontrolom jakości"
HURTOWNIA = "Hurtownia Mazowsze kompletuje zamówienia dwa razy szybciej"
OPTIMA = "Sieć salonów Optima wdraża nowych pracowników w tydzień"
PRZEGLAD = "Przegląd platformy Tessera"
PER_USER_PL = "„Opłaty za użytkownika karzą nas za wzrost”"
VENDOR_SIZE_PL = "„Jesteście mniejsi niż duzi dostawcy”"
PEAK_SEASON_PL = "„W szczycie sezonu niczego nie zmieniamy”"

POLISH_INFLECTED_CASES: tuple[RelevanceCase, ...] = tuple(
    RelevanceCase(query, title, "polish-inflected")
    for query, title in (
        # Polish queries over Polish assets, in forms no Polish asset's text uses.
        ("wdrożeniu", WDROZENIE),
        ("wdrożeniem", WDROZENIE),
        ("wdrożeniach", WDROZENIE),
        ("spotkania otwierającego", WDROZENIE),
        ("brakach", IRONCLAD_PL),
        ("cyfrowymi kontrolami", IRONCLAD_PL),
        ("działaniom korygującym", IRONCLAD_PL),
        ("kompletowaniu zamówieniach", HURTOWNIA),
        ("hurtowni spożywczej", HURTOWNIA),
        ("pomyłkach w kompletacjach", HURTOWNIA),
        ("nowym pracownikom", OPTIMA),
        ("salonom optycznym", OPTIMA),
        ("dokumentami kadrowymi", OPTIMA),
        ("przeglądzie platformie", PRZEGLAD),
        ("konektorami", PRZEGLAD),
        ("opłatach za licencje", PER_USER_PL),
        ("progów wolumenowych", PER_USER_PL),
        ("dużymi dostawcami", VENDOR_SIZE_PL),
        ("depozytach kodów źródłowych", VENDOR_SIZE_PL),
        ("szczytach sezonów", PEAK_SEASON_PL),
        ("sezonach świątecznych", PEAK_SEASON_PL),
    )
)
"""Inflected Polish queries whose answer is a Polish demo asset (DESIGN §9: ≥ 90 %)."""

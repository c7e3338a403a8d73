"""Demo decks. Slides are (heading, bullets, speaker notes); files are generated from them.

Some decks mention terms only in their slides (see ``DECK_ONLY_TERMS``): the search
team's relevance tests prove that attachment text is searchable with them.
"""

from __future__ import annotations

from dataclasses import dataclass

# Group names as content's data migration creates them (content.groups); seeding
# looks each one up and fails loudly on a name it does not know.
MANAGERS = "Managers"
MARKETING = "Marketing"


@dataclass(frozen=True)
class Slide:
    heading: str
    bullets: tuple[str, ...]
    notes: str = ""


@dataclass(frozen=True)
class Presentation:
    key: str
    title: str
    file_kind: str  # "pptx" or "pdf"
    segments: tuple[str, ...]
    stages: tuple[str, ...]
    products: tuple[str, ...]
    personas: tuple[str, ...]
    summary: str
    body: str
    slides: tuple[Slide, ...]
    restricted_to: tuple[str, ...] = ()
    proof_from_segment: str = ""  # add a "customer proof" slide from this segment's case studies


PRESENTATIONS: tuple[Presentation, ...] = (
    Presentation(
        key="platform-overview",
        title="Tessera Platform Overview",
        file_kind="pptx",
        segments=("Enterprise", "Mid-Market"),
        stages=("Prospecting", "Discovery"),
        products=("Tessera Flow", "Tessera Insights", "Tessera Connect"),
        personas=("CIO", "VP Operations"),
        summary=(
            "The first-meeting deck: the problem we solve, how the platform works and three "
            "customer outcomes. Twelve minutes, leaves room for questions."
        ),
        body=(
            "Use this deck in a first meeting with an operations or IT leader. Skip the "
            "architecture slide for business audiences and spend the time on outcomes."
        ),
        slides=(
            Slide(
                "Operations still run on email and spreadsheets",
                (
                    "Work arrives in inboxes, forms and phone calls",
                    "Status lives in people's heads",
                    "Leaders see problems weeks late",
                ),
                "Ask which of these sounds familiar before moving on.",
            ),
            Slide(
                "Tessera turns requests into tracked, automated workflows",
                (
                    "Flow: route, approve and automate any process",
                    "Connect: 300+ connectors to ERP, CRM and EHR systems",
                    "Insights: live dashboards on every step",
                ),
            ),
            Slide(
                "Live in weeks, not quarters",
                (
                    "Templates for 40 common processes",
                    "Business teams configure; IT governs",
                    "Median customer go-live: 6 weeks",
                ),
            ),
            Slide(
                "Architecture at a glance",
                (
                    "Multi-tenant cloud on three regions; single-tenant option",
                    "Event-driven workflow engine with a REST and webhook API",
                    "Role-based access, SSO via SAML and OpenID Connect",
                ),
                "Skip for business audiences.",
            ),
            Slide(
                "Next step",
                ("A 45-minute discovery session with your process owners",),
            ),
        ),
        proof_from_segment="Enterprise",
    ),
    Presentation(
        key="security-overview",
        title="Security and Compliance Overview",
        file_kind="pptx",
        segments=("Enterprise", "Financial Services"),
        stages=("Proposal", "Negotiation"),
        products=("Tessera Shield",),
        personas=("CISO", "IT Director"),
        summary=(
            "What security reviewers ask for: our certifications, data protection controls, "
            "hosting regions and how to request the full audit report under NDA."
        ),
        body=(
            "Send this before the security questionnaire arrives: it answers most of the "
            "standard questions. The full audit report is shared only under a signed NDA."
        ),
        slides=(
            Slide(
                "Independently audited controls",
                (
                    "SOC 2 Type II report renewed every twelve months",
                    "ISO 27001 certified information security management",
                    "Annual third-party penetration test; summary on request",
                ),
                "The SOC 2 Type II report is shared under NDA via the trust portal.",
            ),
            Slide(
                "Data protection",
                (
                    "AES-256 encryption at rest, TLS 1.2+ in transit",
                    "Customer-managed encryption keys on the Enterprise plan",
                    "Data residency in the US, EU or Canada",
                ),
            ),
            Slide(
                "Access and identity",
                (
                    "SSO with SAML 2.0 and SCIM provisioning",
                    "Field-level permissions and full audit logging",
                    "Break-glass access for support, customer-approved and logged",
                ),
            ),
            Slide(
                "Resilience",
                (
                    "99.95% uptime commitment with service credits",
                    "Recovery point objective 15 minutes; recovery time 4 hours",
                ),
            ),
        ),
    ),
    Presentation(
        key="healthcare-interop",
        title="Healthcare Interoperability Briefing",
        file_kind="pptx",
        segments=("Healthcare",),
        stages=("Discovery", "Demo"),
        products=("Tessera Connect",),
        personas=("CIO", "Clinical Operations Lead"),
        summary=(
            "How Tessera exchanges data with electronic health records and payers, for a "
            "hospital IT audience. Includes the integration timeline customers actually saw."
        ),
        body=(
            "Bring this to a technical discovery call with a hospital's integration team. "
            "Pair it with the Harborview case study for the business outcome."
        ),
        slides=(
            Slide(
                "Connect to the EHR you already run",
                (
                    "Certified connectors for Epic, Oracle Health and MEDITECH",
                    "HL7 FHIR R4 APIs for patient, encounter and coverage data",
                    "HL7 v2 feeds for admissions and orders where APIs are missing",
                ),
                "Most hospitals start with HL7 FHIR read access and add write-back later.",
            ),
            Slide(
                "Payer connectivity",
                (
                    "Electronic prior authorization submission and status",
                    "Eligibility checks before the visit",
                ),
            ),
            Slide(
                "Typical integration timeline",
                (
                    "Weeks 1-2: interface agreement and test environment",
                    "Weeks 3-6: build and validate the first workflow",
                    "Weeks 7-8: go-live with hypercare",
                ),
            ),
            Slide(
                "Protecting patient data",
                (
                    "Business associate agreement on every healthcare contract",
                    "Minimum-necessary access by role",
                ),
            ),
        ),
        proof_from_segment="Healthcare",
    ),
    Presentation(
        key="public-sector",
        title="Public Sector Platform Overview",
        file_kind="pdf",
        segments=("Public Sector",),
        stages=("Discovery", "Proposal"),
        products=("Tessera Flow", "Tessera Shield"),
        personas=("CIO", "City Manager"),
        summary=(
            "Our government offering: the dedicated cloud, accessibility, purchasing vehicles "
            "and results from cities and state agencies."
        ),
        body=(
            "Use with city, county and state agencies. Procurement questions usually come up "
            "early: the purchasing vehicles slide answers most of them."
        ),
        slides=(
            Slide(
                "Built for government workloads",
                (
                    "Dedicated government cloud operated by US persons",
                    "FedRAMP Moderate authorization for federal and state agencies",
                    "StateRAMP listing for state and local governments",
                ),
            ),
            Slide(
                "Accessible to every resident",
                (
                    "WCAG 2.1 AA citizen-facing forms",
                    "Forms in 12 languages",
                ),
            ),
            Slide(
                "Buying made simple",
                (
                    "Available on cooperative purchasing contracts",
                    "Fixed annual pricing per department, no per-resident fees",
                ),
            ),
        ),
        proof_from_segment="Public Sector",
    ),
    Presentation(
        key="supply-chain",
        title="Supply Chain Integration Walkthrough",
        file_kind="pptx",
        segments=("Logistics", "Manufacturing"),
        stages=("Demo",),
        products=("Tessera Connect",),
        personas=("VP Supply Chain", "IT Director"),
        summary=(
            "A demo-stage walkthrough of how shipment, order and inventory data flows between "
            "Tessera, ERPs and trading partners."
        ),
        body=(
            "Run this in the technical demo for logistics and manufacturing prospects. Ask "
            "which trading-partner formats they exchange today before the second slide."
        ),
        slides=(
            Slide(
                "Trading-partner messages, handled",
                (
                    "Advance ship notices as EDI 856 and purchase orders as EDI 850",
                    "Invoices and remittance advice in and out",
                    "Partner onboarding without custom code",
                ),
                "Shippers care most about EDI 856 accuracy: retailers fine them for errors.",
            ),
            Slide(
                "ERP integration",
                (
                    "Prebuilt connectors for SAP S/4HANA, Oracle NetSuite and Microsoft Dynamics",
                    "Near-real-time sync of orders, inventory and shipments",
                ),
            ),
            Slide(
                "Exception handling",
                (
                    "Mismatched quantities and late shipments raise tasks",
                    "Every exception has an owner and a due time",
                ),
            ),
        ),
        proof_from_segment="Logistics",
    ),
    Presentation(
        key="privacy-faq",
        title="Data Processing and Privacy FAQ",
        file_kind="pdf",
        segments=("Enterprise", "Retail"),
        stages=("Negotiation", "Closing"),
        products=("Tessera Shield",),
        personas=("General Counsel", "Data Protection Officer"),
        summary=(
            "Answers for legal and privacy teams reviewing our data processing agreement: "
            "sub-processors, retention, deletion and cross-border transfers."
        ),
        body=(
            "Share with the customer's legal team when the contract reaches redlines. It "
            "shortens privacy review by answering the questions they always ask."
        ),
        slides=(
            Slide(
                "Our role and the agreement",
                (
                    "Tessera acts as processor; the customer is controller",
                    "Our data processing agreement follows GDPR Article 28 requirements",
                    "Standard contractual clauses for transfers outside the EU",
                ),
            ),
            Slide(
                "Sub-processors",
                (
                    "Published list with 30 days' notice of changes",
                    "Right to object to a new sub-processor",
                ),
            ),
            Slide(
                "Retention and deletion",
                (
                    "Customer-configurable retention per workflow",
                    "Deletion within 30 days of contract end, with certificate",
                ),
            ),
        ),
    ),
    Presentation(
        key="retail-demo",
        title="Retail Store Operations Demo Script",
        file_kind="pptx",
        segments=("Retail",),
        stages=("Demo",),
        products=("Tessera Flow", "Tessera Insights"),
        personas=("Store Operations Director",),
        summary=(
            "A 30-minute demo for retail operations leaders: sending a weekly store task list, "
            "photo proof of execution and the district manager's compliance view."
        ),
        body=(
            "Follow the script in order; the district-manager view is the moment that lands. "
            "Have the Summit Outfitters numbers ready for the follow-up."
        ),
        slides=(
            Slide(
                "Scene 1: head office plans the week",
                (
                    "Create a promotion set-up task for 140 stores",
                    "Attach the planogram and the signage guide",
                    "Set the due date and the photo checklist",
                ),
                "Pause after attaching the planogram: ask how they share layouts today.",
            ),
            Slide(
                "Scene 2: the store manager's phone",
                ("Tasks in order of due date", "Take the photo, tick the checklist, done"),
            ),
            Slide(
                "Scene 3: the district manager's view",
                (
                    "Completion by store on one map",
                    "Photos flagged by image check for review",
                    "Follow up only on exceptions",
                ),
            ),
        ),
        proof_from_segment="Retail",
    ),
    Presentation(
        key="discovery-questions",
        title="Discovery Call Question Bank",
        file_kind="pdf",
        segments=("Enterprise", "Mid-Market", "SMB"),
        stages=("Discovery",),
        products=(),
        personas=("Account Executive",),
        summary=(
            "The questions our best reps ask in discovery, grouped by goal: current process, "
            "impact, decision process and timing."
        ),
        body=(
            "Pick three or four questions per group; do not run the list like a survey. The "
            "impact questions are the ones that build the business case later."
        ),
        slides=(
            Slide(
                "Current process",
                (
                    "Walk me through what happens when a request comes in today.",
                    "Where does work wait the longest?",
                    "What do you track, and where?",
                ),
            ),
            Slide(
                "Impact",
                (
                    "What does a delay cost you in revenue, penalties or staff time?",
                    "How many people touch this process every week?",
                ),
            ),
            Slide(
                "Decision and timing",
                (
                    "Who else cares about fixing this?",
                    "What happens if nothing changes this year?",
                    "How have you bought software like this before?",
                ),
            ),
        ),
    ),
    Presentation(
        key="roi-model",
        title="ROI Model Walkthrough for CFOs",
        file_kind="pptx",
        segments=("Enterprise", "Mid-Market"),
        stages=("Proposal",),
        products=("Tessera Flow", "Tessera Insights"),
        personas=("CFO",),
        summary=(
            "How to walk a finance leader through the ROI model: inputs they can verify, "
            "conservative assumptions and the payback chart."
        ),
        body=(
            "Fill in the customer's own numbers before the meeting. Finance teams trust "
            "models built on their data and conservative assumptions."
        ),
        slides=(
            Slide(
                "Inputs the customer provides",
                (
                    "Volume of requests per month",
                    "Minutes of handling per request",
                    "Loaded cost per staff hour",
                ),
            ),
            Slide(
                "Conservative assumptions",
                (
                    "We count half of the time saved as redeployable",
                    "No revenue upside in the base case",
                ),
                "CFOs discount aggressive models; showing restraint earns trust.",
            ),
            Slide(
                "Payback",
                (
                    "Median customer payback: 7 months",
                    "Three-year net benefit shown with a low and a high case",
                ),
            ),
        ),
        proof_from_segment="Mid-Market",
    ),
    Presentation(
        key="pricing-2025",
        title="Mid-Market Pricing and Packaging 2025",
        file_kind="pdf",
        segments=("Mid-Market", "SMB"),
        stages=("Proposal", "Negotiation"),
        products=("Tessera Flow", "Tessera Insights", "Tessera Connect"),
        personas=("Account Executive",),
        summary=(
            "Current list prices, editions and add-ons for Mid-Market and SMB deals, with the "
            "packaging that wins most often."
        ),
        body=(
            "Lead with the Growth edition; most Mid-Market buyers need its connectors. "
            "Discounts beyond the standard bands need manager approval."
        ),
        slides=(
            Slide(
                "Editions",
                (
                    "Starter: up to 5 workflows, 25 users",
                    "Growth: unlimited workflows, 100 users, standard connectors",
                    "Enterprise: SSO, customer-managed keys, premium support",
                ),
            ),
            Slide(
                "Add-ons",
                ("Tessera Insights analytics", "Additional sandbox environments"),
            ),
        ),
    ),
    Presentation(
        key="discount-guardrails",
        title="Discount Approval Guardrails",
        file_kind="pdf",
        segments=("Enterprise", "Mid-Market"),
        stages=("Negotiation", "Closing"),
        products=(),
        personas=("Sales Manager",),
        summary=(
            "Who can approve which discount, what we ask for in return and the deal-desk "
            "process for non-standard terms. For sales managers only."
        ),
        body=(
            "Managers: trade every discount for something of value such as a longer term, a "
            "case study or a signature date. Escalate non-standard terms to the deal desk."
        ),
        slides=(
            Slide(
                "Approval bands",
                (
                    "Up to 10%: sales manager",
                    "10-20%: regional director",
                    "Over 20% or non-standard terms: deal desk",
                ),
            ),
            Slide(
                "Always trade",
                ("Multi-year term", "Public case study or reference", "Signature this quarter"),
            ),
        ),
        restricted_to=(MANAGERS,),
    ),
    Presentation(
        key="battlecard-bpm",
        title="Competitive Battlecard: Tessera vs. Legacy BPM Suites",
        file_kind="pptx",
        segments=("Enterprise",),
        stages=("Demo", "Proposal"),
        products=("Tessera Flow",),
        personas=("Account Executive", "CIO"),
        summary=(
            "Where legacy business-process suites win, where we win and the landmines to lay "
            "early: time to value, who maintains the workflows and total cost."
        ),
        body=(
            "Never criticize the incumbent directly. Ask about their last change request "
            "and how long it took; the answer makes the case for us."
        ),
        slides=(
            Slide(
                "Where they win",
                ("Deep installed base in IT", "Complex long-running processes"),
            ),
            Slide(
                "Where we win",
                (
                    "Business teams change workflows without a developer",
                    "Go-live in weeks",
                    "Lower three-year cost: no consultants to maintain it",
                ),
            ),
            Slide(
                "Landmines to lay",
                (
                    "How long did your last workflow change take?",
                    "Who maintains your processes today, and what do they cost?",
                ),
            ),
        ),
    ),
    Presentation(
        key="fs-onboarding-demo",
        title="Financial Services Onboarding Demo",
        file_kind="pptx",
        segments=("Financial Services",),
        stages=("Demo",),
        products=("Tessera Flow", "Tessera Shield"),
        personas=("COO", "Chief Risk Officer"),
        summary=(
            "Demo storyline for banks and credit unions: a business account application from "
            "first form to approved account, with the compliance view."
        ),
        body=(
            "Show the compliance analyst's exception queue early: risk leaders buy control, "
            "operations leaders buy speed, and this screen shows both."
        ),
        slides=(
            Slide(
                "The applicant's experience",
                ("One guided application on any device", "Documents uploaded once"),
            ),
            Slide(
                "Automated checks",
                (
                    "Identity and beneficial ownership verified automatically",
                    "Sanctions and adverse media screening",
                ),
            ),
            Slide(
                "The compliance analyst's queue",
                ("Only genuine exceptions", "Every decision recorded for auditors"),
            ),
        ),
        proof_from_segment="Financial Services",
    ),
    Presentation(
        key="manufacturing-quality",
        title="Manufacturing Quality Workshop Deck",
        file_kind="pptx",
        segments=("Manufacturing",),
        stages=("Discovery", "Demo"),
        products=("Tessera Flow", "Tessera Insights"),
        personas=("Plant Manager", "Quality Manager"),
        summary=(
            "A half-day workshop for plant and quality leaders: map one inspection process, "
            "find where defects escape and agree on a pilot line."
        ),
        body=(
            "Run it on site if you can; walking the line makes the pilot choice obvious. "
            "Bring the Ironclad results for the close of the workshop."
        ),
        slides=(
            Slide(
                "Workshop goals",
                ("Map one inspection process end to end", "Agree on a pilot line and a metric"),
            ),
            Slide(
                "Where defects escape",
                (
                    "Paper records reviewed days later",
                    "No link between inspection and corrective action",
                ),
            ),
            Slide(
                "Pilot plan",
                ("One line, six weeks", "Success metric: scrap rate on that line"),
            ),
        ),
        proof_from_segment="Manufacturing",
    ),
    Presentation(
        key="smb-quickstart",
        title="SMB Quick Start: Your First 30 Days",
        file_kind="pdf",
        segments=("SMB",),
        stages=("Closing",),
        products=("Tessera Flow",),
        personas=("Owner", "Office Manager"),
        summary=(
            "What a small business does in its first 30 days with Tessera: the three "
            "workflows to start with and who does what. Helps close by making go-live concrete."
        ),
        body=("Share at the closing stage; small teams buy when they can picture the first month."),
        slides=(
            Slide("Week 1", ("Kick-off call", "Pick your first workflow from a template")),
            Slide("Weeks 2-3", ("Invite your team", "Run the first workflow for real")),
            Slide("Week 4", ("Review the first dashboard", "Add the second workflow")),
        ),
        proof_from_segment="SMB",
    ),
    Presentation(
        key="higher-ed",
        title="Higher Education Student Services Overview",
        file_kind="pptx",
        segments=("Education",),
        stages=("Prospecting", "Discovery"),
        products=("Tessera Flow", "Tessera Connect"),
        personas=("Dean of Students", "CIO"),
        summary=(
            "For universities and colleges: one front door for student requests across "
            "financial aid, registrar and housing, connected to the student information system."
        ),
        body=(
            "Retention is the number university leaders care about: lead with it, then show "
            "how connected services help students who are struggling."
        ),
        slides=(
            Slide(
                "Students shouldn't need an org chart",
                ("One portal for every request", "Context shared between offices"),
            ),
            Slide(
                "Connected to the student information system",
                ("Connectors for Banner, PeopleSoft Campus Solutions and Workday Student",),
            ),
            Slide(
                "Early alerts",
                ("Repeated requests flag students who may need support",),
            ),
        ),
        proof_from_segment="Education",
    ),
    Presentation(
        key="ebr-template",
        title="Executive Business Review Template",
        file_kind="pptx",
        segments=("Enterprise",),
        stages=("Closing",),
        products=(),
        personas=("Account Executive", "Customer Success Manager"),
        summary=(
            "The template for executive business reviews with new customers: outcomes "
            "against the business case, adoption and the next workflows to automate."
        ),
        body=(
            "Use it to plan the first review with the economic buyer before the deal closes; "
            "agreeing on the success measures early shortens the path to renewal."
        ),
        slides=(
            Slide("Outcomes against the business case", ("Metric, baseline, today, target",)),
            Slide("Adoption", ("Active users by team", "Workflows live")),
            Slide("Next 90 days", ("Two workflows to automate next", "Owners and dates")),
        ),
    ),
    Presentation(
        key="mutual-action-plan",
        title="Implementation Plan and Mutual Action Plan",
        file_kind="pdf",
        segments=("Enterprise", "Mid-Market"),
        stages=("Negotiation", "Closing"),
        products=("Tessera Flow",),
        personas=("Account Executive", "IT Director"),
        summary=(
            "A mutual action plan template that takes the buyer from verbal yes to go-live: "
            "legal, security review, kick-off and the first workflow in production."
        ),
        body=(
            "Build the plan with your champion, not for them. Every step needs an owner on "
            "their side and a date."
        ),
        slides=(
            Slide(
                "From yes to signature",
                ("Security review complete", "Legal redlines agreed", "Order form signed"),
            ),
            Slide(
                "From signature to go-live",
                ("Kick-off within 5 days", "First workflow live in 6 weeks"),
            ),
        ),
    ),
    Presentation(
        key="strategic-accounts",
        title="Strategic Accounts Win Strategy",
        file_kind="pptx",
        segments=("Enterprise",),
        stages=("Negotiation",),
        products=(),
        personas=("Sales Manager",),
        summary=(
            "Account plans and executive sponsors for this half's ten strategic pursuits. "
            "Restricted to managers and marketing."
        ),
        body="Review in the Monday pipeline meeting. Do not forward outside the company.",
        slides=(
            Slide(
                "Ten strategic pursuits",
                ("Executive sponsor for each", "Weekly review of next steps"),
            ),
            Slide("Support available", ("Solution engineering priority", "Executive briefings")),
        ),
        restricted_to=(MANAGERS, MARKETING),
    ),
)

DECK_ONLY_TERMS: dict[str, str] = {
    "SOC 2 Type II": "Security and Compliance Overview",
    "HL7 FHIR": "Healthcare Interoperability Briefing",
    "FedRAMP Moderate": "Public Sector Platform Overview",
    "EDI 856": "Supply Chain Integration Walkthrough",
    "GDPR Article 28": "Data Processing and Privacy FAQ",
    "planogram": "Retail Store Operations Demo Script",
}
"""Terms that appear only inside one deck's slides (never in any asset's own fields),
mapped to that deck's asset title. Searching for them must find the deck."""

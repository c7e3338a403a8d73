"""Demo case studies: fictional customers of Tessera, our fictional vendor.

Every customer, person and figure here is invented for the demo.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CaseStudy:
    key: str
    title: str
    customer: str
    industry: str
    segments: tuple[str, ...]
    stages: tuple[str, ...]
    products: tuple[str, ...]
    personas: tuple[str, ...]
    summary: str
    challenge: str
    solution: str
    results: tuple[tuple[str, str], ...]
    quote: str
    quote_author: str
    with_pdf: bool = False


CASE_STUDIES: tuple[CaseStudy, ...] = (
    CaseStudy(
        key="harborview",
        title="Harborview Health cuts prior-authorization turnaround by 61%",
        customer="Harborview Health",
        industry="Hospital network",
        segments=("Healthcare", "Enterprise"),
        stages=("Discovery", "Proposal"),
        products=("Tessera Flow", "Tessera Connect"),
        personas=("VP Operations", "CIO"),
        summary=(
            "A 14-hospital network replaced fax-and-spreadsheet prior authorizations with "
            "automated payer submissions. Nurses now spend their time on patients, not on hold."
        ),
        challenge=(
            "Prior authorizations were assembled by hand from the EHR, faxed to payers and "
            "chased by phone. Each request took four days on average and denials were rising."
        ),
        solution=(
            "Tessera Flow pulls the clinical documentation from the EHR, checks each payer's "
            "rules before submission and routes exceptions to a single work queue."
        ),
        results=(
            ("Prior-authorization turnaround", "-61%"),
            ("Nursing hours returned per month", "1,900"),
            ("Claim denials for missing authorization", "-23%"),
        ),
        quote=(
            "Our nurses got their afternoons back, and our denial rate dropped the first quarter."
        ),
        quote_author="Dana Whitfield, VP Clinical Operations",
        with_pdf=True,
    ),
    CaseStudy(
        key="cedar-valley",
        title="Cedar Valley Clinics goes live in six weeks with digital patient intake",
        customer="Cedar Valley Clinics",
        industry="Outpatient clinics",
        segments=("Healthcare", "Mid-Market"),
        stages=("Demo", "Closing"),
        products=("Tessera Flow",),
        personas=("Practice Manager", "VP Operations"),
        summary=(
            "Nine outpatient clinics moved patient intake from clipboards to mobile forms in six "
            "weeks, without adding IT staff. Check-in time fell from fourteen minutes to five."
        ),
        challenge=(
            "Front-desk staff re-keyed paper intake forms into the practice management system, "
            "causing long waits, typos in insurance details and frustrated patients."
        ),
        solution=(
            "Patients complete intake on their phones before the visit; Tessera validates "
            "insurance details and writes clean records into the practice system."
        ),
        results=(
            ("Check-in time", "14 → 5 minutes"),
            ("No-show rate", "-18%"),
            ("Payback period", "5 months"),
        ),
        quote=("We were live in six weeks, and the front desk finally stopped re-typing forms."),
        quote_author="Luis Romero, Director of Practice Operations",
        with_pdf=True,
    ),
    CaseStudy(
        key="meridian",
        title="Meridian Community Hospital tracks every surgical kit in real time",
        customer="Meridian Community Hospital",
        industry="Community hospital",
        segments=("Healthcare", "SMB"),
        stages=("Discovery",),
        products=("Tessera Insights",),
        personas=("Supply Chain Manager",),
        summary=(
            "A 120-bed hospital replaced whiteboards with live kit tracking between sterile "
            "processing and the operating rooms, ending last-minute case delays."
        ),
        challenge=(
            "Surgical kits went missing between sterile processing and the OR, delaying first "
            "cases of the day and forcing expensive rush orders."
        ),
        solution=(
            "Barcode scans at each handoff feed a live dashboard; late kits trigger an alert to "
            "the charge nurse thirty minutes before the case."
        ),
        results=(
            ("First-case on-time starts", "71% → 93%"),
            ("Rush orders for instruments", "-64%"),
            ("Time to find a kit", "under 2 minutes"),
        ),
        quote="The OR stopped waiting on kits. That alone paid for the project.",
        quote_author="Grace Okafor, Perioperative Services Manager",
    ),
    CaseStudy(
        key="atlas-mutual",
        title="Atlas Mutual Bank opens business accounts in two days instead of nine",
        customer="Atlas Mutual Bank",
        industry="Commercial banking",
        segments=("Financial Services", "Enterprise"),
        stages=("Proposal", "Negotiation"),
        products=("Tessera Flow", "Tessera Shield"),
        personas=("COO", "Chief Risk Officer"),
        summary=(
            "A regional bank automated know-your-customer checks for business accounts. "
            "Onboarding dropped from nine days to two with a clean audit the same year."
        ),
        challenge=(
            "Business account onboarding needed documents from four systems and three manual "
            "reviews; relationship managers lost deals to faster digital banks."
        ),
        solution=(
            "Tessera orchestrates identity and beneficial-ownership checks, assembles the KYC "
            "file automatically and sends only genuine exceptions to compliance analysts."
        ),
        results=(
            ("Business account onboarding", "9 days → 2 days"),
            ("Files needing manual review", "-70%"),
            ("Audit findings on KYC files", "0"),
        ),
        quote=(
            "Compliance signed off faster than on any tool we've "
            "bought, and auditors loved the trail."
        ),
        quote_author="Priyanka Rao, Chief Operating Officer",
        with_pdf=True,
    ),
    CaseStudy(
        key="pinecrest",
        title="Pinecrest Credit Union decides on consumer loans the same day",
        customer="Pinecrest Credit Union",
        industry="Credit union",
        segments=("Financial Services", "SMB"),
        stages=("Demo", "Proposal"),
        products=("Tessera Flow",),
        personas=("VP Lending",),
        summary=(
            "A 40,000-member credit union moved loan applications out of email. Members now "
            "get decisions the same day and loan officers handle twice the volume."
        ),
        challenge=(
            "Loan applications arrived by email and branch walk-in, were tracked in a "
            "spreadsheet and often waited days for a missing pay stub."
        ),
        solution=(
            "A guided application collects every document up front; Tessera routes complete "
            "files to underwriting and chases missing items automatically."
        ),
        results=(
            ("Same-day loan decisions", "12% → 68%"),
            ("Applications per loan officer", "2.1x"),
            ("Abandoned applications", "-35%"),
        ),
        quote=("Members noticed within a month. Our loan volume grew without a single new hire."),
        quote_author="Tom Brennan, VP Lending",
    ),
    CaseStudy(
        key="granite-ridge",
        title="Granite Ridge Insurance triages claims 3x faster",
        customer="Granite Ridge Insurance",
        industry="Property and casualty insurance",
        segments=("Financial Services", "Mid-Market"),
        stages=("Discovery", "Demo"),
        products=("Tessera Flow", "Tessera Insights"),
        personas=("Claims Director",),
        summary=(
            "A regional P&C insurer automated first notice of loss. Simple claims are assigned "
            "in minutes and adjusters focus on the complex ones."
        ),
        challenge=(
            "Every claim waited in one shared inbox for manual triage, so simple glass claims "
            "queued behind complex liability cases for days."
        ),
        solution=(
            "Tessera reads first-notice-of-loss forms, scores complexity and assigns claims to "
            "the right adjuster team with service-level timers."
        ),
        results=(
            ("Time to assign a claim", "3x faster"),
            ("Simple claims closed within 48 hours", "81%"),
            ("Customer satisfaction (claims)", "+14 points"),
        ),
        quote="Our adjusters stopped sorting mail and started settling claims.",
        quote_author="Monica Feld, Director of Claims",
    ),
    CaseStudy(
        key="keystone",
        title="Keystone Wealth Partners automates quarterly client reporting",
        customer="Keystone Wealth Partners",
        industry="Wealth management",
        segments=("Financial Services", "Mid-Market"),
        stages=("Proposal",),
        products=("Tessera Insights", "Tessera Connect"),
        personas=("COO", "Head of Client Service"),
        summary=(
            "An independent advisory firm with 60 advisors now produces quarterly client "
            "reports in two days instead of three weeks."
        ),
        challenge=(
            "Advisors assembled quarterly reports by hand from custodians' exports, a "
            "three-week scramble every quarter with frequent errors."
        ),
        solution=(
            "Tessera Connect pulls positions from every custodian nightly; report packs are "
            "generated, reviewed and sent from one workflow."
        ),
        results=(
            ("Quarterly reporting cycle", "3 weeks → 2 days"),
            ("Report corrections after sending", "-90%"),
            ("Advisor hours saved per quarter", "1,100"),
        ),
        quote="Quarter-end used to be a fire drill. Now it's a Tuesday.",
        quote_author="Hannah Liu, Chief Operating Officer",
    ),
    CaseStudy(
        key="ironclad",
        title="Ironclad Fabrication reduces scrap by 28% with digital inspections",
        customer="Ironclad Fabrication",
        industry="Metal fabrication",
        segments=("Manufacturing", "Mid-Market"),
        stages=("Demo", "Proposal"),
        products=("Tessera Flow", "Tessera Insights"),
        personas=("Plant Manager", "Quality Manager"),
        summary=(
            "A three-plant fabricator replaced paper inspection sheets with tablet checklists "
            "and live quality dashboards, cutting scrap by 28% in two quarters."
        ),
        challenge=(
            "Inspection results lived on paper and reached quality engineers a week late, "
            "long after a drifting machine had produced a full batch of scrap."
        ),
        solution=(
            "Operators record inspections on tablets at the machine; out-of-tolerance readings "
            "stop the line and open a corrective action automatically."
        ),
        results=(
            ("Scrap rate", "-28%"),
            ("Time to detect a drifting process", "1 week → 20 minutes"),
            ("Payback period", "7 months"),
        ),
        quote="We catch problems on the first bad part now, not the five-hundredth.",
        quote_author="Rick Alvarado, Director of Quality",
        with_pdf=True,
    ),
    CaseStudy(
        key="norden",
        title="Norden Automotive onboards new suppliers in 12 days",
        customer="Norden Automotive Components",
        industry="Automotive supplier",
        segments=("Manufacturing", "Enterprise"),
        stages=("Proposal", "Negotiation"),
        products=("Tessera Flow", "Tessera Connect"),
        personas=("Head of Procurement", "CIO"),
        summary=(
            "A tier-one automotive supplier standardized supplier onboarding across 11 plants, "
            "from 45 days to 12, with every approval traceable for customer audits."
        ),
        challenge=(
            "Each plant onboarded suppliers its own way, with approvals in email and part "
            "approval documents in shared drives nobody could audit."
        ),
        solution=(
            "One onboarding workflow for all plants collects certifications and part approval "
            "documents, routes approvals and syncs approved suppliers to the ERP."
        ),
        results=(
            ("Supplier onboarding time", "45 → 12 days"),
            ("Plants on one process", "11 of 11"),
            ("Customer audit preparation", "-80% effort"),
        ),
        quote="For the first time, every plant onboards suppliers the same way.",
        quote_author="Katrin Vogel, Vice President Global Procurement",
        with_pdf=True,
    ),
    CaseStudy(
        key="bluewater",
        title="Bluewater Packaging cuts unplanned downtime by a third",
        customer="Bluewater Packaging",
        industry="Packaging manufacturer",
        segments=("Manufacturing", "SMB"),
        stages=("Discovery", "Closing"),
        products=("Tessera Flow",),
        personas=("Maintenance Manager", "Plant Manager"),
        summary=(
            "A 200-person packaging plant moved maintenance requests off the whiteboard. "
            "Preventive work now happens on schedule and unplanned downtime fell by a third."
        ),
        challenge=(
            "Maintenance requests were shouted across the floor or written on a whiteboard; "
            "preventive maintenance slipped whenever the team was firefighting."
        ),
        solution=(
            "Operators report issues from a QR code on each machine; preventive tasks are "
            "scheduled automatically and escalate when overdue."
        ),
        results=(
            ("Unplanned downtime", "-33%"),
            ("Preventive maintenance done on time", "54% → 91%"),
            ("Go-live", "3 weeks"),
        ),
        quote=(
            "We're a small team. Tessera was running in three "
            "weeks and nobody needed training twice."
        ),
        quote_author="Jake Morrison, Maintenance Lead",
    ),
    CaseStudy(
        key="summit",
        title="Summit Outfitters gets 140 stores executing the same plan every week",
        customer="Summit Outfitters",
        industry="Specialty retail",
        segments=("Retail", "Mid-Market"),
        stages=("Demo", "Proposal"),
        products=("Tessera Flow", "Tessera Insights"),
        personas=("Store Operations Director",),
        summary=(
            "An outdoor-gear retailer replaced weekly store emails with task lists and photo "
            "proof. Promotion compliance rose from 62% to 96%."
        ),
        challenge=(
            "Head office sent 30 emails a week to store managers; nobody knew which stores had "
            "actually set up a promotion until sales came in low."
        ),
        solution=(
            "Store tasks go out with due dates and photo checklists; district managers see "
            "completion by store and follow up on the exceptions only."
        ),
        results=(
            ("Promotion compliance", "62% → 96%"),
            ("Emails to stores per week", "30 → 4"),
            ("Store manager admin time", "-5 hours/week"),
        ),
        quote=("District managers now visit the stores that need help, not every store."),
        quote_author="Carla Jensen, VP Store Operations",
        with_pdf=True,
    ),
    CaseStudy(
        key="maple-main",
        title="Maple & Main Grocers halves out-of-stocks on fresh produce",
        customer="Maple & Main Grocers",
        industry="Grocery",
        segments=("Retail", "Enterprise"),
        stages=("Discovery", "Proposal"),
        products=("Tessera Insights", "Tessera Connect"),
        personas=("VP Supply Chain", "CIO"),
        summary=(
            "A 300-store grocery chain connected point-of-sale data to replenishment. Fresh "
            "produce out-of-stocks fell by half and shrink by 11%."
        ),
        challenge=(
            "Store orders for fresh produce were guesses made the night before, leading to "
            "empty shelves in the morning and waste in the evening."
        ),
        solution=(
            "Tessera Insights forecasts demand per store from sales and weather data and "
            "proposes orders that managers approve in one tap."
        ),
        results=(
            ("Out-of-stocks on fresh produce", "-50%"),
            ("Shrink (waste)", "-11%"),
            ("Ordering time per store", "45 → 10 minutes"),
        ),
        quote=("The shelves are full in the morning and the dumpsters are emptier at night."),
        quote_author="Ben Adeyemi, Vice President Supply Chain",
    ),
    CaseStudy(
        key="lantern",
        title="Lantern Home Goods processes online returns in one day",
        customer="Lantern Home Goods",
        industry="E-commerce",
        segments=("Retail", "SMB"),
        stages=("Demo", "Closing"),
        products=("Tessera Flow",),
        personas=("Head of Customer Service",),
        summary=(
            "A fast-growing online homewares shop automated returns. Refunds go out within a "
            "day and support tickets about returns fell by 40%."
        ),
        challenge=(
            "Returns were handled through the support inbox: customers waited two weeks for "
            "refunds and wrote in again and again to ask where their money was."
        ),
        solution=(
            "A self-service returns portal creates labels, tracks parcels and triggers refunds "
            "when the warehouse scans the item back in."
        ),
        results=(
            ("Refund time", "14 days → 1 day"),
            ("Return-related support tickets", "-40%"),
            ("Repeat purchase rate after a return", "+9%"),
        ),
        quote="Returns used to make customers angry. Now they make them loyal.",
        quote_author="Sofia Marin, Founder",
    ),
    CaseStudy(
        key="brookfield",
        title="City of Brookfield issues building permits 45% faster",
        customer="City of Brookfield",
        industry="Municipal government",
        segments=("Public Sector", "Mid-Market"),
        stages=("Discovery", "Proposal"),
        products=("Tessera Flow",),
        personas=("City Manager", "IT Director"),
        summary=(
            "A city of 180,000 residents moved permit applications online. Review times fell "
            "45% and residents track their application like a parcel."
        ),
        challenge=(
            "Permit applications came in on paper, passed between five departments in folders "
            "and residents called daily to ask about status."
        ),
        solution=(
            "Residents apply online; reviews run in parallel across departments and the "
            "public status page updates automatically."
        ),
        results=(
            ("Permit review time", "-45%"),
            ("Status calls to the permit desk", "-70%"),
            ("Applications submitted online", "88%"),
        ),
        quote=("Residents stopped calling us to ask where their permit is. They can see it."),
        quote_author="Marcus Webb, Director of Community Development",
        with_pdf=True,
    ),
    CaseStudy(
        key="revenue-dept",
        title="Commonwealth Department of Revenue clears its correspondence backlog",
        customer="Commonwealth Department of Revenue",
        industry="State agency",
        segments=("Public Sector", "Enterprise"),
        stages=("Proposal", "Negotiation"),
        products=("Tessera Flow", "Tessera Shield"),
        personas=("CIO", "Deputy Commissioner"),
        summary=(
            "A state revenue agency cleared a 60,000-letter taxpayer correspondence backlog in "
            "four months and now answers within ten business days."
        ),
        challenge=(
            "Taxpayer letters were scanned into a shared folder and assigned by hand; the "
            "backlog reached 60,000 items and generated legislative complaints."
        ),
        solution=(
            "Tessera classifies incoming correspondence, routes it to the right unit with "
            "statutory deadlines and drafts standard replies for review."
        ),
        results=(
            ("Correspondence backlog", "60,000 → 0 in 4 months"),
            ("Response time", "10 business days"),
            ("Letters answered with a standard reply", "58%"),
        ),
        quote="We went from apologizing for the backlog to reporting it cleared.",
        quote_author="Angela Price, Deputy Commissioner",
    ),
    CaseStudy(
        key="westshore",
        title="Westshore County Transit keeps its bus fleet on the road",
        customer="Westshore County Transit",
        industry="Public transit",
        segments=("Public Sector", "SMB"),
        stages=("Demo",),
        products=("Tessera Flow", "Tessera Insights"),
        personas=("Fleet Manager",),
        summary=(
            "A county transit agency with 85 buses digitized daily vehicle inspections, "
            "raising fleet availability from 86% to 95%."
        ),
        challenge=(
            "Driver inspection sheets were filed in a binder; defects reached the garage days "
            "later and buses were pulled from service at the worst moments."
        ),
        solution=(
            "Drivers complete pre-trip inspections on a phone; defects create work orders "
            "instantly and the garage plans repairs around the service schedule."
        ),
        results=(
            ("Fleet availability", "86% → 95%"),
            ("Missed trips due to breakdowns", "-52%"),
            ("Inspection paperwork", "eliminated"),
        ),
        quote=("Our buses spend more time carrying riders and less time waiting for parts."),
        quote_author="Darnell Hayes, Fleet Maintenance Manager",
    ),
    CaseStudy(
        key="lakeside",
        title="Lakeside University answers student requests in hours, not weeks",
        customer="Lakeside University",
        industry="Higher education",
        segments=("Education", "Enterprise"),
        stages=("Discovery", "Demo"),
        products=("Tessera Flow", "Tessera Connect"),
        personas=("Dean of Students", "CIO"),
        summary=(
            "A 28,000-student university created one front door for student services. "
            "Requests are answered in hours and first-year retention rose two points."
        ),
        challenge=(
            "Students bounced between financial aid, registrar and housing offices, each with "
            "its own email inbox and paper forms."
        ),
        solution=(
            "One student portal routes every request to the right office, shares context "
            "between offices and flags students who ask for help repeatedly."
        ),
        results=(
            ("Median response to a student request", "9 days → 6 hours"),
            ("First-year retention", "+2 points"),
            ("Paper forms retired", "37"),
        ),
        quote="Students no longer have to know our org chart to get help.",
        quote_author="Dr. Elaine Park, Dean of Students",
        with_pdf=True,
    ),
    CaseStudy(
        key="riverbend",
        title="Riverbend School District approves purchases in three days",
        customer="Riverbend School District",
        industry="K-12 school district",
        segments=("Education", "Mid-Market"),
        stages=("Proposal", "Closing"),
        products=("Tessera Flow",),
        personas=("Business Manager",),
        summary=(
            "A 22-school district replaced paper purchase requisitions. Approvals take three "
            "days instead of three weeks and budget overruns are caught before they happen."
        ),
        challenge=(
            "Teachers filled in paper requisitions that travelled between principals and the "
            "business office for weeks, and budget checks happened after the money was spent."
        ),
        solution=(
            "Requisitions are submitted online, checked against the school's remaining budget "
            "and approved on phones by principals and the business office."
        ),
        results=(
            ("Purchase approval time", "3 weeks → 3 days"),
            ("Over-budget purchases", "-95%"),
            ("Paper requisitions", "zero"),
        ),
        quote=("Teachers get their classroom supplies before the unit starts, not after it ends."),
        quote_author="Gloria Summers, Business Manager",
    ),
    CaseStudy(
        key="swiftline",
        title="Swiftline Freight onboards carriers in a day",
        customer="Swiftline Freight",
        industry="Freight brokerage",
        segments=("Logistics", "Enterprise"),
        stages=("Demo", "Negotiation"),
        products=("Tessera Flow", "Tessera Connect"),
        personas=("VP Operations", "Head of Carrier Relations"),
        summary=(
            "A national freight broker automated carrier onboarding and proof-of-delivery "
            "collection, adding 2,400 carriers in a quarter and getting paid 9 days sooner."
        ),
        challenge=(
            "Carrier onboarding took a week of emailing insurance certificates, and invoices "
            "waited on paper proof-of-delivery documents."
        ),
        solution=(
            "Carriers self-onboard with automatic insurance and authority checks; drivers "
            "upload delivery proof from the app and invoicing starts immediately."
        ),
        results=(
            ("Carrier onboarding", "7 days → 1 day"),
            ("New carriers in the first quarter", "2,400"),
            ("Days sales outstanding", "-9 days"),
        ),
        quote=(
            "Capacity was our bottleneck. Now onboarding a carrier "
            "takes less time than booking a load."
        ),
        quote_author="Omar Haddad, VP Carrier Operations",
        with_pdf=True,
    ),
    CaseStudy(
        key="harbor-point",
        title="Harbor Point 3PL resolves warehouse exceptions before trucks leave",
        customer="Harbor Point Logistics",
        industry="Third-party logistics",
        segments=("Logistics", "Mid-Market"),
        stages=("Discovery", "Demo"),
        products=("Tessera Insights", "Tessera Flow"),
        personas=("Warehouse Operations Manager",),
        summary=(
            "A third-party logistics provider with six warehouses catches short picks and "
            "damaged goods before dispatch; chargebacks from retail clients fell 47%."
        ),
        challenge=(
            "Short picks and damaged cartons were discovered by the receiving retailer, "
            "leading to chargebacks and tense quarterly reviews."
        ),
        solution=(
            "Scanner events feed an exception queue; supervisors resolve mismatches at the dock "
            "before the truck is sealed."
        ),
        results=(
            ("Retailer chargebacks", "-47%"),
            ("Order accuracy", "98.1% → 99.6%"),
            ("Exceptions resolved before dispatch", "92%"),
        ),
        quote="Our clients' scorecards went green and stayed green.",
        quote_author="Natalie Brooks, Director of Warehouse Operations",
    ),
    CaseStudy(
        key="copperleaf",
        title="Copperleaf Utilities schedules field crews 30% more efficiently",
        customer="Copperleaf Utilities",
        industry="Regional utility",
        segments=("Enterprise",),
        stages=("Discovery", "Proposal"),
        products=("Tessera Flow", "Tessera Insights"),
        personas=("VP Field Operations",),
        summary=(
            "A regional electric and gas utility unified field work orders from three legacy "
            "systems. Crews complete 30% more jobs per day with less driving."
        ),
        challenge=(
            "Work orders came from three systems that did not talk to each other; crews drove "
            "across the territory twice a day and customers waited for appointments."
        ),
        solution=(
            "Tessera merges work orders into one queue, groups jobs by location and skill and "
            "updates customers automatically when a crew is on the way."
        ),
        results=(
            ("Jobs completed per crew per day", "+30%"),
            ("Miles driven per job", "-22%"),
            ("Missed appointments", "-60%"),
        ),
        quote="Our crews finally work from one list instead of three.",
        quote_author="Steve Kowalski, VP Field Operations",
    ),
    CaseStudy(
        key="brightpath",
        title="Brightpath Software onboards new customers in half the time",
        customer="Brightpath Software",
        industry="B2B software",
        segments=("SMB",),
        stages=("Demo", "Closing"),
        products=("Tessera Flow",),
        personas=("Head of Customer Success",),
        summary=(
            "A 90-person software company turned customer onboarding into a guided checklist. "
            "Time to first value halved and early churn fell by a quarter."
        ),
        challenge=(
            "Onboarding lived in each success manager's head; new customers waited on "
            "forgotten steps and some churned before they ever went live."
        ),
        solution=(
            "Every new customer gets the same guided onboarding plan with owners, due dates "
            "and automatic nudges to the customer and the success manager."
        ),
        results=(
            ("Time to first value", "-50%"),
            ("Churn in the first 90 days", "-25%"),
            ("Set-up time", "2 days"),
        ),
        quote="We set it up in two days and it runs itself.",
        quote_author="Jasmine Wu, Head of Customer Success",
    ),
    CaseStudy(
        key="verdant",
        title="Verdant Foods traces any product lot in under five minutes",
        customer="Verdant Foods",
        industry="Food manufacturing",
        segments=("Manufacturing", "Retail", "Enterprise"),
        stages=("Proposal", "Negotiation"),
        products=("Tessera Connect", "Tessera Insights"),
        personas=("VP Quality", "COO"),
        summary=(
            "A packaged-food maker connected production, warehouse and retailer shipment "
            "records. A mock recall that took two days now takes five minutes."
        ),
        challenge=(
            "Tracing a lot meant pulling paper batch records and three spreadsheets; a real "
            "recall would have taken days the business did not have."
        ),
        solution=(
            "Tessera links ingredient lots, production batches and outbound shipments so any "
            "lot can be traced forward to retailers or back to suppliers instantly."
        ),
        results=(
            ("Mock recall time", "2 days → 5 minutes"),
            ("Retailer compliance audits passed", "100%"),
            ("Quality team hours saved per month", "320"),
        ),
        quote="Our retail partners asked how we did it. That's a first.",
        quote_author="Renata Silva, Vice President Quality",
        with_pdf=True,
    ),
    CaseStudy(
        key="northgate",
        title="Northgate Medical Devices closes complaint investigations 40% sooner",
        customer="Northgate Medical Devices",
        industry="Medical devices",
        segments=("Healthcare", "Manufacturing", "Mid-Market"),
        stages=("Demo", "Proposal"),
        products=("Tessera Flow", "Tessera Shield"),
        personas=("VP Quality", "Regulatory Affairs Director"),
        summary=(
            "A medical device maker moved complaint handling and corrective actions into one "
            "validated workflow, closing investigations 40% sooner with a clean inspection."
        ),
        challenge=(
            "Complaints, investigations and corrective actions lived in separate tools; "
            "inspection preparation took weeks of gathering evidence."
        ),
        solution=(
            "One validated workflow links each complaint to its investigation and corrective "
            "action with electronic signatures and a complete audit trail."
        ),
        results=(
            ("Complaint investigation time", "-40%"),
            ("Inspection preparation", "3 weeks → 2 days"),
            ("Overdue corrective actions", "-85%"),
        ),
        quote=("The inspector asked for a complaint file and had it in thirty seconds."),
        quote_author="Michael Osei, Director of Regulatory Affairs",
    ),
)

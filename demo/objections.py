"""Demo objection-handling answers, with proof points pointing at demo case studies."""

from __future__ import annotations

from dataclasses import dataclass

# Group names as content's data migration creates them (content.groups); seeding
# looks each one up and fails loudly on a name it does not know.
MANAGERS = "Managers"


@dataclass(frozen=True)
class Objection:
    key: str
    title: str
    segments: tuple[str, ...]
    stages: tuple[str, ...]
    personas: tuple[str, ...]
    objection: str
    short_answer: str
    summary: str
    talk_track: tuple[str, ...]  # paragraphs
    proof_points: tuple[tuple[str, str], ...] = ()  # (claim, case study key)
    restricted_to: tuple[str, ...] = ()


OBJECTIONS: tuple[Objection, ...] = (
    Objection(
        key="price-too-high",
        title='"Your price is higher than the alternatives"',
        segments=("Enterprise", "Mid-Market"),
        stages=("Proposal", "Negotiation"),
        personas=("CFO", "Head of Procurement"),
        objection="Honestly, you're more expensive than the other options we're looking at.",
        short_answer=(
            "We usually are on the license line. Customers choose us because the total cost "
            "over three years is lower: no consultants to maintain workflows, and payback in "
            "about seven months."
        ),
        summary="Reframe from license price to three-year cost and payback, with proof.",
        talk_track=(
            "Agree first: it is true that our license costs more than some alternatives. "
            "Then ask what the other options include: who builds and changes the workflows, "
            "and what that costs each year.",
            "Move the conversation to the ROI model with their own volumes. Offer to build it "
            "with their finance partner so the numbers are theirs, not ours.",
        ),
        proof_points=(
            ("Paid back in seven months at a three-plant manufacturer", "ironclad"),
            ("Cut manual KYC reviews by 70% at a regional bank", "atlas-mutual"),
        ),
    ),
    Objection(
        key="build-in-house",
        title='"We\'ll build it ourselves"',
        segments=("Enterprise",),
        stages=("Discovery", "Demo"),
        personas=("CIO", "IT Director"),
        objection="Our developers could build this in-house. Why would we buy it?",
        short_answer=(
            "They could build the first version. The cost is everything after it: every "
            "workflow change becomes a ticket. With Tessera the business team changes it in an "
            "afternoon and your developers stay on the product."
        ),
        summary="Respect the team's skill, then make the maintenance cost visible.",
        talk_track=(
            "Never argue that their developers can't do it. Ask how many change requests the "
            "last internal tool received in its first year, and how long they waited.",
            "Offer a side-by-side: one workflow built in Tessera during a two-hour working "
            "session with their team.",
        ),
        proof_points=(
            ("Eleven plants on one onboarding process in a quarter", "norden"),
            ("Utility merged work orders from three legacy systems", "copperleaf"),
        ),
    ),
    Objection(
        key="security-concerns",
        title='"We\'re worried about security and where our data lives"',
        segments=("Enterprise", "Financial Services", "Healthcare"),
        stages=("Proposal", "Negotiation"),
        personas=("CISO", "IT Director"),
        objection="How do we know our data is safe with you, and where is it stored?",
        short_answer=(
            "Our controls are independently audited every year, data is encrypted at rest and "
            "in transit, and you choose whether it lives in the US, the EU or Canada. We'll "
            "send the full security pack today."
        ),
        summary="Answer with audited facts and send the security overview deck.",
        talk_track=(
            "Treat this as a buying signal: security teams only review vendors that are "
            "being seriously considered. Offer a call with our security team.",
            "Send the Security and Compliance Overview and offer the audit report under NDA "
            "before the questionnaire arrives.",
        ),
        proof_points=(
            ("Passed a bank's audit with zero KYC findings", "atlas-mutual"),
            ("Trusted with patient data across a 14-hospital network", "harborview"),
        ),
    ),
    Objection(
        key="implementation-time",
        title='"Implementation will take too long"',
        segments=("Mid-Market", "Retail", "Healthcare"),
        stages=("Demo", "Proposal"),
        personas=("VP Operations",),
        objection="Every system we've rolled out took a year. We can't afford that again.",
        short_answer=(
            "Our median customer is live in six weeks with the first workflow, because we "
            "start from a template and configure rather than code."
        ),
        summary="Use median go-live and named customers to make six weeks believable.",
        talk_track=(
            "Ask what made the last rollout take a year: usually custom code and too much "
            "scope at once. Explain that we launch one workflow, then expand.",
            "Propose a mutual action plan with dates so they can see the path.",
        ),
        proof_points=(
            ("Nine clinics live with digital intake in six weeks", "cedar-valley"),
            ("140 stores executing weekly tasks within one quarter", "summit"),
        ),
    ),
    Objection(
        key="it-bandwidth",
        title='"Our IT team has no bandwidth this year"',
        segments=("Mid-Market", "SMB"),
        stages=("Discovery", "Proposal"),
        personas=("IT Director", "VP Operations"),
        objection="Our IT team is fully booked. We can't take on another project.",
        short_answer=(
            "Most of the work sits with the business team: IT approves single sign-on and "
            "one connector, usually about two days of their time in total."
        ),
        summary="Show how little IT time a rollout takes and who does the rest.",
        talk_track=(
            "Break the rollout into who-does-what. IT's part is single sign-on, one connector "
            "and a security review; the process owner configures the workflow.",
        ),
        proof_points=(
            ("A 200-person plant went live in three weeks", "bluewater"),
            ("A software company set up onboarding in two days", "brightpath"),
        ),
    ),
    Objection(
        key="patient-privacy",
        title='"Can you handle protected health information?"',
        segments=("Healthcare",),
        stages=("Discovery", "Proposal"),
        personas=("CIO", "Compliance Officer"),
        objection="We can't put patient data in a system that isn't built for healthcare.",
        short_answer=(
            "Tessera is used by hospitals and clinics today. We sign a business associate "
            "agreement, limit access by role and log every view of patient records."
        ),
        summary="Reassure with the BAA, role-based access and healthcare customers.",
        talk_track=(
            "Ask which regulations their compliance team checks vendors against, then walk "
            "through each control. Offer the Healthcare Interoperability Briefing for IT.",
        ),
        proof_points=(
            ("Prior authorizations automated across 14 hospitals", "harborview"),
            ("Validated complaint handling at a device maker", "northgate"),
        ),
    ),
    Objection(
        key="budget-frozen",
        title='"Budgets are frozen until next year"',
        segments=("Enterprise", "Mid-Market", "SMB"),
        stages=("Proposal", "Closing"),
        personas=("CFO",),
        objection="We like it, but there's a budget freeze until next fiscal year.",
        short_answer=(
            "Understood. Many customers fund the first workflow from the savings it creates "
            "within the year; we can phase payments so the project pays for itself."
        ),
        summary="Test whether the freeze is real, then offer a self-funding first phase.",
        talk_track=(
            "Ask whether the freeze covers projects that save money this year. Often it "
            "does not: savings-led projects get approved with a finance sponsor.",
            "Offer a smaller first phase with quarterly billing tied to go-live.",
        ),
        proof_points=(("Payback in five months at an outpatient group", "cedar-valley"),),
    ),
    Objection(
        key="failed-before",
        title='"We tried automation before and it failed"',
        segments=("Enterprise", "Manufacturing"),
        stages=("Discovery",),
        personas=("VP Operations", "Plant Manager"),
        objection="We bought an automation tool three years ago. Nobody uses it.",
        short_answer=(
            "That happens when a tool is built for IT, not for the people doing the work. "
            "Our adoption comes from the front line: operators and nurses use it on their phones."
        ),
        summary="Find out why the last attempt failed and show front-line adoption.",
        talk_track=(
            "Ask what went wrong last time and write it down. Address each reason with a "
            "specific part of our rollout plan.",
        ),
        proof_points=(
            ("Operators log inspections on tablets at the machine", "ironclad"),
            ("Drivers complete inspections on their phones", "westshore"),
        ),
    ),
    Objection(
        key="vendor-size",
        title='"You\'re smaller than the big vendors"',
        segments=("Enterprise",),
        stages=("Proposal", "Negotiation"),
        personas=("Head of Procurement", "CIO"),
        objection="How do we know you'll still be around in five years?",
        short_answer=(
            "We're profitable, our customers renew at 96%, and our contract includes source "
            "code escrow and data export at any time."
        ),
        summary="Answer with financial health, retention and contractual protection.",
        talk_track=(
            "Offer a reference call with an enterprise customer of three or more years, and "
            "point to escrow and data export clauses in the contract.",
        ),
        proof_points=(("A state agency trusts us with taxpayer correspondence", "revenue-dept"),),
    ),
    Objection(
        key="erp-integration",
        title='"Will it integrate with our ERP?"',
        segments=("Manufacturing", "Logistics"),
        stages=("Demo",),
        personas=("IT Director", "VP Supply Chain"),
        objection="Everything we do runs through SAP. If it doesn't talk to SAP, it's a no.",
        short_answer=(
            "It does: we have prebuilt connectors for SAP S/4HANA, Oracle NetSuite and "
            "Microsoft Dynamics, syncing orders, inventory and suppliers in near real time."
        ),
        summary="Confirm the connector, then show a customer running it.",
        talk_track=(
            "Ask which objects need to sync and in which direction. Show the Supply Chain "
            "Integration Walkthrough in the technical demo.",
        ),
        proof_points=(
            ("Approved suppliers synced to the ERP across 11 plants", "norden"),
            ("Production and shipment records linked for lot tracing", "verdant"),
        ),
    ),
    Objection(
        key="too-small",
        title='"We\'re a small team, this feels like overkill"',
        segments=("SMB",),
        stages=("Demo", "Closing"),
        personas=("Owner", "Office Manager"),
        objection="We're only 40 people. Isn't this built for big companies?",
        short_answer=(
            "Our Starter edition is built for teams like yours: templates, no IT needed, and "
            "most small customers are live within three weeks."
        ),
        summary="Show small-company customers and the Starter edition.",
        talk_track=(
            "Pick one painful process and show its template live on the call. Small teams "
            "buy when they see the first workflow running.",
        ),
        proof_points=(
            ("Returns automated at an online homewares shop", "lantern"),
            ("Same-day loan decisions at a credit union", "pinecrest"),
        ),
    ),
    Objection(
        key="public-procurement",
        title='"Government procurement will take 18 months"',
        segments=("Public Sector",),
        stages=("Proposal", "Negotiation"),
        personas=("City Manager", "Procurement Officer"),
        objection="Even if we want this, procurement here takes a year and a half.",
        short_answer=(
            "It doesn't have to: we're available on cooperative purchasing contracts, which "
            "let agencies buy without a new tender."
        ),
        summary="Point to cooperative contracts that avoid a new tender.",
        talk_track=(
            "Ask the procurement officer which cooperative contracts they can use, then share "
            "the matching contract number.",
        ),
        proof_points=(
            ("A city moved permits online within one budget year", "brookfield"),
            ("A county transit agency bought through a cooperative contract", "westshore"),
        ),
    ),
    Objection(
        key="adoption",
        title='"Our staff won\'t adopt another tool"',
        segments=("Healthcare", "Retail", "Education"),
        stages=("Demo", "Proposal"),
        personas=("VP Operations", "Store Operations Director"),
        objection="Our people already have too many systems. They'll ignore one more.",
        short_answer=(
            "Tessera replaces the emails, forms and spreadsheets they juggle today, so it "
            "removes work rather than adding a tool."
        ),
        summary="Position Tessera as removing tools, with adoption figures.",
        talk_track=(
            "Ask how many places a store manager or nurse checks each day. Count them "
            "together, then show which ones Tessera replaces.",
        ),
        proof_points=(
            ("Weekly store emails cut from 30 to 4", "summit"),
            ("37 paper forms retired at a university", "lakeside"),
        ),
    ),
    Objection(
        key="on-premise",
        title='"We need it on-premise"',
        segments=("Financial Services", "Public Sector"),
        stages=("Discovery", "Proposal"),
        personas=("CISO", "CIO"),
        objection="Our policy says systems with customer data must run in our own data center.",
        short_answer=(
            "We offer single-tenant hosting with customer-managed encryption keys, which "
            "meets the intent of most on-premise policies without the upkeep."
        ),
        summary="Uncover the reason for the policy and offer single-tenant hosting.",
        talk_track=(
            "Ask what risk the policy protects against. Usually it is key control or data "
            "location, both of which single-tenant hosting answers.",
        ),
        proof_points=(("A regional bank runs onboarding on our cloud", "atlas-mutual"),),
    ),
    Objection(
        key="data-exit",
        title='"What happens to our data if we leave?"',
        segments=("Enterprise", "Mid-Market"),
        stages=("Negotiation",),
        personas=("General Counsel", "CIO"),
        objection="If we decide to leave in two years, are we locked in?",
        short_answer=(
            "No. You can export all data and workflow definitions at any time in open "
            "formats, and the contract guarantees deletion with a certificate."
        ),
        summary="Explain export, deletion and the contract terms that guarantee them.",
        talk_track=(
            "Show the export screen in the product. Point legal to the data processing FAQ.",
        ),
    ),
    Objection(
        key="per-user-pricing",
        title='"Per-user pricing punishes us for growing"',
        segments=("Mid-Market",),
        stages=("Proposal", "Negotiation"),
        personas=("CFO", "Head of Procurement"),
        objection="We'll double headcount in two years. Per-user pricing gets expensive fast.",
        short_answer=(
            "Requesters are free: you only license people who design or approve workflows, "
            "and the Growth edition includes volume tiers that lower the price as you grow."
        ),
        summary="Clarify who needs a license and show volume tiers.",
        talk_track=(
            "Model their growth in the pricing sheet together; most buyers overestimate the "
            "licensed users because requesters are free.",
        ),
        proof_points=(("Loan volume doubled without new licences", "pinecrest"),),
    ),
    Objection(
        key="store-connectivity",
        title='"Our stores have poor connectivity"',
        segments=("Retail",),
        stages=("Demo",),
        personas=("Store Operations Director", "IT Director"),
        objection="Half our stores have terrible Wi-Fi. Will it work there?",
        short_answer=(
            "Yes. The mobile app works offline and syncs tasks and photos when the "
            "connection returns."
        ),
        summary="Confirm offline mode and show it in the demo.",
        talk_track=("Switch the demo phone to airplane mode, complete a task, then reconnect.",),
        proof_points=(("140 stores including rural locations", "summit"),),
    ),
    Objection(
        key="roi-too-good",
        title='"The ROI numbers look too good to be true"',
        segments=("Enterprise", "Mid-Market"),
        stages=("Proposal",),
        personas=("CFO",),
        objection="These savings look inflated. Our finance team won't believe them.",
        short_answer=(
            "Let's rebuild the model with your numbers and count only half of the time saved. "
            "If it doesn't pay back within a year on those terms, we'll tell you."
        ),
        summary="Invite scrutiny: rebuild the ROI model conservatively with their data.",
        talk_track=(
            "Invite the finance partner to the next meeting and use the ROI Model Walkthrough "
            "for CFOs. Conservative assumptions win credibility.",
        ),
        proof_points=(
            ("Seven-month payback measured by the customer's finance team", "ironclad"),
            ("Quarterly reporting cut from three weeks to two days", "keystone"),
        ),
    ),
    Objection(
        key="procurement-legal",
        title='"It has to go through procurement and legal first"',
        segments=("Enterprise", "Mid-Market"),
        stages=("Closing",),
        personas=("Account Executive",),
        objection="We're ready, but procurement and legal need to review everything first.",
        short_answer=(
            "Of course. Let's map their steps into a mutual action plan now so nothing "
            "surprises either side, and I'll send our standard terms and security pack today."
        ),
        summary="Turn the review into a dated mutual action plan.",
        talk_track=(
            "Ask who in procurement and legal will review, what they need and how long "
            "they usually take. Put each step in the mutual action plan with an owner.",
        ),
    ),
    Objection(
        key="competitor-discount",
        title='"A competitor offered us 40% off"',
        segments=("Enterprise", "Mid-Market"),
        stages=("Negotiation", "Closing"),
        personas=("Sales Manager",),
        objection="Your competitor just offered us 40% off their list price.",
        short_answer=(
            "A deep discount on list often hides services costs. Compare the three-year total, "
            "and involve your manager before offering anything beyond the standard bands."
        ),
        summary="Manager guidance for deep competitor discounts. Managers only.",
        talk_track=(
            "Do not match the discount on the call. Ask for the competitor's full proposal "
            "including services, then bring it to the deal desk.",
        ),
        restricted_to=(MANAGERS,),
    ),
    Objection(
        key="faculty-admin",
        title='"Faculty will see this as more admin work"',
        segments=("Education",),
        stages=("Demo", "Proposal"),
        personas=("Dean of Students", "Provost"),
        objection="Our faculty already complain about admin. They'll resist a new system.",
        short_answer=(
            "Faculty rarely log in at all: students and staff offices use the portal, and "
            "faculty get one email when a student they advise needs help."
        ),
        summary="Show how little faculty touch the system and what they gain.",
        talk_track=(
            "Walk through a request from the student's view and show where a faculty member "
            "appears: one notification, no new login.",
        ),
        proof_points=(("Student requests answered in six hours", "lakeside"),),
    ),
)

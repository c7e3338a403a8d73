"""The three user groups every installation has (created by a data migration)."""

SALES = "Sales"
MARKETING = "Marketing"
MANAGERS = "Managers"

ALL_GROUPS = (SALES, MARKETING, MANAGERS)

# Deal stages in the order a deal moves through them.
DEFAULT_STAGES = ("Prospecting", "Discovery", "Demo", "Proposal", "Negotiation", "Closing")

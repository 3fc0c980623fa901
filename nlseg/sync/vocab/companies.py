"""Companies and their deals: industries, name parts, account types and tiers, products,
opportunity stages, roles and sizes.
"""

# The contract's vocabularies (DESIGN section 3) are the catalog's; the demo uses the same.
from nlseg.catalog.standard import ACCOUNT_TYPES, INDUSTRIES, TIERS  # noqa: F401 - re-exported
from nlseg.catalog.standard import STAGES as OPPORTUNITY_STAGES

INDUSTRY_WEIGHTS: tuple[int, ...] = (16, 16, 10, 12, 10, 9, 6, 5, 6, 5, 6)

# Words that make a company name sound like its industry.
INDUSTRY_WORDS: dict[str, tuple[str, ...]] = {
    "Technology": ("Technologies", "Systems", "Labs", "Digital", "Devices"),
    "Software": ("Software", "Cloud", "Data", "Apps", "Analytics"),
    "Healthcare": ("Health", "Medical", "Care", "Diagnostics", "Clinics"),
    "Financial Services": ("Capital", "Financial", "Insurance", "Payments", "Wealth"),
    "Manufacturing": ("Industries", "Manufacturing", "Components", "Machinery", "Works"),
    "Retail": ("Retail", "Brands", "Stores", "Outfitters", "Market"),
    "Education": ("Learning", "Academy", "Education", "Institute", "Schools"),
    "Government": ("Agency", "Authority", "Council", "Services", "Administration"),
    "Media": ("Media", "Studios", "Publishing", "Entertainment", "Broadcasting"),
    "Energy": ("Energy", "Power", "Renewables", "Utilities", "Solar"),
    "Telecommunications": ("Telecom", "Networks", "Communications", "Wireless", "Connect"),
}
BRAND_HEADS: tuple[str, ...] = (
    "Blue",
    "Bright",
    "North",
    "Silver",
    "Iron",
    "Clear",
    "Nova",
    "Apex",
    "Summit",
    "Vertex",
    "Quantum",
    "Green",
    "Swift",
    "True",
    "Prime",
    "Bold",
    "Open",
    "Star",
    "Red",
    "Sun",
    "Deep",
    "High",
    "Silent",
    "Rapid",
    "Oak",
    "Pine",
    "River",
    "Stone",
    "Cedar",
    "Polar",
)
BRAND_TAILS: tuple[str, ...] = (
    "wave",
    "line",
    "point",
    "path",
    "field",
    "bridge",
    "stone",
    "works",
    "hub",
    "stack",
    "scale",
    "forge",
    "gate",
    "leaf",
    "peak",
    "light",
    "mark",
    "core",
    "bit",
    "loop",
)

ACCOUNT_TYPE_WEIGHTS: tuple[int, ...] = (62, 22, 8, 8)

TIER_WEIGHTS: tuple[int, ...] = (15, 35, 50)
# Inclusive employee ranges that define each tier.
TIER_EMPLOYEES: dict[str, tuple[int, int]] = {
    "Enterprise": (1000, 150_000),
    "Mid-Market": (100, 999),
    "SMB": (2, 99),
}
# Relative number of contacts a CRM holds per account of each tier.
TIER_CONTACT_WEIGHT: dict[str, int] = {"Enterprise": 5, "Mid-Market": 2, "SMB": 1}

# Government bodies are named after a city and one of these.
GOVERNMENT_BODIES: tuple[str, ...] = (
    "City Council",
    "Transit Authority",
    "Health Services",
    "Public Library",
    "Water Authority",
    "Revenue Agency",
    "Department of Education",
)

OPEN_STAGES: tuple[str, ...] = OPPORTUNITY_STAGES[:4]
OPEN_STAGE_WEIGHTS: tuple[int, ...] = (30, 28, 24, 18)
OPPORTUNITY_ROLES: tuple[str, ...] = (
    "Decision Maker",
    "Economic Buyer",
    "Champion",
    "Influencer",
    "Technical Evaluator",
)
OPPORTUNITY_KINDS: tuple[str, ...] = ("New Business", "Expansion", "Renewal", "Upsell", "Pilot")
# Deal sizes in whole currency units, by tier.
DEAL_SIZE: dict[str, tuple[int, int]] = {
    "Enterprise": (60_000, 600_000),
    "Mid-Market": (15_000, 120_000),
    "SMB": (2_000, 30_000),
}

PRODUCTS: tuple[str, ...] = ("Analytics", "CRM", "Automation", "Payments")

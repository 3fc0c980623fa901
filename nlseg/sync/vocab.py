"""Vocabularies and weights of the demo CRM (DESIGN section 3).

Plain data only: every list is ordered (never a set) so that sampling from it with a seeded
``random.Random`` gives the same values on every machine. Weights are integers.
"""

from __future__ import annotations

COUNTRIES: tuple[str, ...] = (
    "United States",
    "Canada",
    "United Kingdom",
    "Germany",
    "France",
    "Spain",
    "Italy",
    "Netherlands",
    "Sweden",
    "Australia",
    "Japan",
    "India",
    "Brazil",
    "Mexico",
    "Singapore",
)
COUNTRY_WEIGHTS: tuple[int, ...] = (30, 5, 9, 9, 6, 4, 4, 4, 3, 5, 5, 6, 4, 3, 3)

REGIONS: tuple[str, ...] = ("EMEA", "North America", "APAC", "LATAM")
REGION_OF_COUNTRY: dict[str, str] = {
    "United States": "North America",
    "Canada": "North America",
    "United Kingdom": "EMEA",
    "Germany": "EMEA",
    "France": "EMEA",
    "Spain": "EMEA",
    "Italy": "EMEA",
    "Netherlands": "EMEA",
    "Sweden": "EMEA",
    "Australia": "APAC",
    "Japan": "APAC",
    "India": "APAC",
    "Singapore": "APAC",
    "Brazil": "LATAM",
    "Mexico": "LATAM",
}

# Faker locales whose names fit each country (romanised where the locale's script is not
# Latin). Several locales for one country are mixed.
NAME_LOCALES: dict[str, tuple[str, ...]] = {
    "United States": ("en_US",),
    "Canada": ("en_CA", "fr_FR"),
    "United Kingdom": ("en_GB",),
    "Germany": ("de_DE",),
    "France": ("fr_FR",),
    "Spain": ("es_ES",),
    "Italy": ("it_IT",),
    "Netherlands": ("nl_NL",),
    "Sweden": ("sv_SE",),
    "Australia": ("en_AU", "en_GB"),
    "Japan": ("ja_JP",),
    "India": ("en_IN",),
    "Brazil": ("pt_BR",),
    "Mexico": ("es_MX",),
    "Singapore": ("zh_CN", "en_IN", "en_GB"),
}
ROMANISED_LOCALES: tuple[str, ...] = ("ja_JP", "zh_CN")

# (city, state / province / region) of real places, the first ones the biggest.
CITIES: dict[str, tuple[tuple[str, str], ...]] = {
    "United States": (
        ("New York", "New York"),
        ("San Francisco", "California"),
        ("Los Angeles", "California"),
        ("Chicago", "Illinois"),
        ("Austin", "Texas"),
        ("Boston", "Massachusetts"),
        ("Seattle", "Washington"),
        ("Atlanta", "Georgia"),
        ("Denver", "Colorado"),
        ("Miami", "Florida"),
        ("Dallas", "Texas"),
        ("Minneapolis", "Minnesota"),
    ),
    "Canada": (
        ("Toronto", "Ontario"),
        ("Vancouver", "British Columbia"),
        ("Montreal", "Quebec"),
        ("Calgary", "Alberta"),
        ("Ottawa", "Ontario"),
        ("Waterloo", "Ontario"),
    ),
    "United Kingdom": (
        ("London", "England"),
        ("Manchester", "England"),
        ("Edinburgh", "Scotland"),
        ("Birmingham", "England"),
        ("Bristol", "England"),
        ("Leeds", "England"),
        ("Cardiff", "Wales"),
        ("Cambridge", "England"),
    ),
    "Germany": (
        ("Berlin", "Berlin"),
        ("Munich", "Bavaria"),
        ("Hamburg", "Hamburg"),
        ("Frankfurt", "Hesse"),
        ("Cologne", "North Rhine-Westphalia"),
        ("Stuttgart", "Baden-Württemberg"),
        ("Düsseldorf", "North Rhine-Westphalia"),
        ("Leipzig", "Saxony"),
    ),
    "France": (
        ("Paris", "Île-de-France"),
        ("Lyon", "Auvergne-Rhône-Alpes"),
        ("Toulouse", "Occitanie"),
        ("Marseille", "Provence-Alpes-Côte d'Azur"),
        ("Nantes", "Pays de la Loire"),
        ("Lille", "Hauts-de-France"),
        ("Bordeaux", "Nouvelle-Aquitaine"),
    ),
    "Spain": (
        ("Madrid", "Community of Madrid"),
        ("Barcelona", "Catalonia"),
        ("Valencia", "Valencian Community"),
        ("Seville", "Andalusia"),
        ("Bilbao", "Basque Country"),
        ("Málaga", "Andalusia"),
    ),
    "Italy": (
        ("Milan", "Lombardy"),
        ("Rome", "Lazio"),
        ("Turin", "Piedmont"),
        ("Bologna", "Emilia-Romagna"),
        ("Florence", "Tuscany"),
        ("Naples", "Campania"),
    ),
    "Netherlands": (
        ("Amsterdam", "North Holland"),
        ("Rotterdam", "South Holland"),
        ("Utrecht", "Utrecht"),
        ("Eindhoven", "North Brabant"),
        ("The Hague", "South Holland"),
    ),
    "Sweden": (
        ("Stockholm", "Stockholm County"),
        ("Gothenburg", "Västra Götaland"),
        ("Malmö", "Skåne"),
        ("Uppsala", "Uppsala County"),
    ),
    "Australia": (
        ("Sydney", "New South Wales"),
        ("Melbourne", "Victoria"),
        ("Brisbane", "Queensland"),
        ("Perth", "Western Australia"),
        ("Adelaide", "South Australia"),
    ),
    "Japan": (
        ("Tokyo", "Tokyo"),
        ("Osaka", "Osaka"),
        ("Yokohama", "Kanagawa"),
        ("Nagoya", "Aichi"),
        ("Fukuoka", "Fukuoka"),
        ("Kyoto", "Kyoto"),
    ),
    "India": (
        ("Bengaluru", "Karnataka"),
        ("Mumbai", "Maharashtra"),
        ("New Delhi", "Delhi"),
        ("Hyderabad", "Telangana"),
        ("Pune", "Maharashtra"),
        ("Chennai", "Tamil Nadu"),
    ),
    "Brazil": (
        ("São Paulo", "São Paulo"),
        ("Rio de Janeiro", "Rio de Janeiro"),
        ("Belo Horizonte", "Minas Gerais"),
        ("Curitiba", "Paraná"),
        ("Porto Alegre", "Rio Grande do Sul"),
    ),
    "Mexico": (
        ("Mexico City", "Mexico City"),
        ("Guadalajara", "Jalisco"),
        ("Monterrey", "Nuevo León"),
        ("Puebla", "Puebla"),
        ("Querétaro", "Querétaro"),
    ),
    "Singapore": (("Singapore", "Central Region"),),
}

CALLING_CODES: dict[str, str] = {
    "United States": "1",
    "Canada": "1",
    "United Kingdom": "44",
    "Germany": "49",
    "France": "33",
    "Spain": "34",
    "Italy": "39",
    "Netherlands": "31",
    "Sweden": "46",
    "Australia": "61",
    "Japan": "81",
    "India": "91",
    "Brazil": "55",
    "Mexico": "52",
    "Singapore": "65",
}

DOMAIN_TLD: dict[str, str] = {
    "United States": "com",
    "Canada": "ca",
    "United Kingdom": "co.uk",
    "Germany": "de",
    "France": "fr",
    "Spain": "es",
    "Italy": "it",
    "Netherlands": "nl",
    "Sweden": "se",
    "Australia": "com.au",
    "Japan": "co.jp",
    "India": "in",
    "Brazil": "com.br",
    "Mexico": "com.mx",
    "Singapore": "com.sg",
}

LEGAL_SUFFIX: dict[str, tuple[str, ...]] = {
    "United States": ("Inc.", "LLC", "Corp.", ""),
    "Canada": ("Inc.", "Ltd.", ""),
    "United Kingdom": ("Ltd", "plc", ""),
    "Germany": ("GmbH", "AG", "SE"),
    "France": ("SAS", "SA", ""),
    "Spain": ("S.L.", "S.A."),
    "Italy": ("S.p.A.", "S.r.l."),
    "Netherlands": ("B.V.", "N.V."),
    "Sweden": ("AB",),
    "Australia": ("Pty Ltd", "Ltd"),
    "Japan": ("K.K.", "Co., Ltd."),
    "India": ("Pvt Ltd", "Ltd"),
    "Brazil": ("Ltda.", "S.A."),
    "Mexico": ("S.A. de C.V.", ""),
    "Singapore": ("Pte Ltd",),
}

FREE_MAIL_DOMAINS: tuple[str, ...] = (
    "gmail.com",
    "outlook.com",
    "yahoo.com",
    "hotmail.com",
    "icloud.com",
    "proton.me",
)

PREFERRED_LANGUAGE: dict[str, str] = {
    "Germany": "German",
    "France": "French",
    "Spain": "Spanish",
    "Mexico": "Spanish",
    "Japan": "Japanese",
    "Brazil": "Portuguese",
    "Italy": "Italian",
}
LANGUAGES: tuple[str, ...] = (
    "English",
    "German",
    "French",
    "Spanish",
    "Japanese",
    "Portuguese",
    "Italian",
)

INDUSTRIES: tuple[str, ...] = (
    "Technology",
    "Software",
    "Healthcare",
    "Financial Services",
    "Manufacturing",
    "Retail",
    "Education",
    "Government",
    "Media",
    "Energy",
    "Telecommunications",
)
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

ACCOUNT_TYPES: tuple[str, ...] = ("Prospect", "Customer", "Partner", "Former Customer")
ACCOUNT_TYPE_WEIGHTS: tuple[int, ...] = (62, 22, 8, 8)

TIERS: tuple[str, ...] = ("Enterprise", "Mid-Market", "SMB")
TIER_WEIGHTS: tuple[int, ...] = (15, 35, 50)
# Inclusive employee ranges that define each tier.
TIER_EMPLOYEES: dict[str, tuple[int, int]] = {
    "Enterprise": (1000, 150_000),
    "Mid-Market": (100, 999),
    "SMB": (2, 99),
}
# Relative number of contacts a CRM holds per account of each tier.
TIER_CONTACT_WEIGHT: dict[str, int] = {"Enterprise": 5, "Mid-Market": 2, "SMB": 1}

SENIORITIES: tuple[str, ...] = ("C-Level", "VP", "Director", "Manager", "Individual Contributor")
SENIORITY_WEIGHTS: tuple[int, ...] = (6, 10, 16, 28, 40)

DEPARTMENTS: tuple[str, ...] = (
    "Marketing",
    "Sales",
    "Engineering",
    "IT",
    "Finance",
    "Operations",
    "HR",
    "Executive",
)
# Department weights by seniority (same order as DEPARTMENTS).
DEPARTMENT_WEIGHTS: dict[str, tuple[int, ...]] = {
    "C-Level": (8, 8, 8, 8, 8, 8, 4, 48),
    "VP": (20, 20, 15, 12, 10, 12, 6, 5),
    "Director": (22, 18, 16, 14, 10, 10, 7, 3),
    "Manager": (24, 18, 16, 14, 9, 11, 6, 2),
    "Individual Contributor": (22, 18, 20, 14, 8, 10, 5, 3),
}

_C_LEVEL_TITLES: dict[str, tuple[str, ...]] = {
    "Marketing": ("Chief Marketing Officer", "CMO"),
    "Sales": ("Chief Revenue Officer", "Chief Sales Officer"),
    "Engineering": ("Chief Technology Officer", "CTO"),
    "IT": ("Chief Information Officer", "CIO"),
    "Finance": ("Chief Financial Officer", "CFO"),
    "Operations": ("Chief Operating Officer", "COO"),
    "HR": ("Chief People Officer", "Chief Human Resources Officer"),
    "Executive": ("Chief Executive Officer", "CEO", "President", "Founder & CEO"),
}
_DEPT_NOUN: dict[str, str] = {
    "Marketing": "Marketing",
    "Sales": "Sales",
    "Engineering": "Engineering",
    "IT": "IT",
    "Finance": "Finance",
    "Operations": "Operations",
    "HR": "People",
    "Executive": "Strategy",
}
_MANAGER_TITLES: dict[str, tuple[str, ...]] = {
    "Marketing": ("Marketing Manager", "Demand Generation Manager", "Product Marketing Manager"),
    "Sales": ("Sales Manager", "Account Manager", "Regional Sales Manager"),
    "Engineering": ("Engineering Manager", "Software Development Manager"),
    "IT": ("IT Manager", "Infrastructure Manager"),
    "Finance": ("Finance Manager", "Controller"),
    "Operations": ("Operations Manager", "Project Manager"),
    "HR": ("HR Manager", "Talent Acquisition Manager"),
    "Executive": ("Office Manager", "Executive Office Manager"),
}
_IC_TITLES: dict[str, tuple[str, ...]] = {
    "Marketing": ("Marketing Specialist", "Content Strategist", "Marketing Coordinator"),
    "Sales": ("Account Executive", "Sales Development Representative", "Sales Representative"),
    "Engineering": ("Software Engineer", "Senior Software Engineer", "Data Engineer"),
    "IT": ("Systems Administrator", "IT Specialist", "Network Engineer"),
    "Finance": ("Financial Analyst", "Accountant"),
    "Operations": ("Operations Analyst", "Business Analyst"),
    "HR": ("HR Generalist", "Recruiter"),
    "Executive": ("Executive Assistant", "Chief of Staff"),
}


def titles_for(seniority: str, department: str) -> tuple[str, ...]:
    """Job titles that fit a seniority and department."""
    noun = _DEPT_NOUN[department]
    if seniority == "C-Level":
        return _C_LEVEL_TITLES[department]
    if seniority == "VP":
        return (f"VP of {noun}", f"Vice President, {noun}", f"SVP {noun}")
    if seniority == "Director":
        return (f"Director of {noun}", f"{noun} Director", f"Senior Director, {noun}")
    if seniority == "Manager":
        return _MANAGER_TITLES[department]
    return _IC_TITLES[department]


TITLES: dict[tuple[str, str], tuple[str, ...]] = {
    (s, d): titles_for(s, d) for s in SENIORITIES for d in DEPARTMENTS
}

LEAD_SOURCES: tuple[str, ...] = (
    "Web",
    "Event",
    "Referral",
    "Paid Search",
    "Partner",
    "Webinar",
    "Trade Show",
    "Cold Call",
)
LEAD_SOURCE_WEIGHTS: tuple[int, ...] = (28, 10, 12, 16, 8, 10, 8, 8)

LEAD_STATUSES: tuple[str, ...] = ("New", "Working", "Nurturing", "Qualified", "Unqualified")
LEAD_STATUS_WEIGHTS: tuple[int, ...] = (22, 22, 26, 15, 15)

LIFECYCLE_STAGES: tuple[str, ...] = (
    "subscriber",
    "lead",
    "mql",
    "sql",
    "opportunity",
    "customer",
    "evangelist",
)
# Lifecycle weights (same order as LIFECYCLE_STAGES) by record: leads, then contacts by the
# type of their account.
LIFECYCLE_WEIGHTS: dict[str, tuple[int, ...]] = {
    "lead": (35, 38, 20, 7, 0, 0, 0),
    "Prospect": (10, 28, 25, 15, 22, 0, 0),
    "Customer": (0, 0, 2, 3, 10, 70, 15),
    "Partner": (20, 25, 15, 5, 5, 18, 12),
    "Former Customer": (30, 38, 20, 2, 2, 8, 0),
}

OWNER_SEGMENTS: tuple[str, ...] = ("Enterprise", "Mid-Market", "SMB")
OWNER_DOMAIN = "nimbusly.example"

OPPORTUNITY_STAGES: tuple[str, ...] = (
    "Prospecting",
    "Qualification",
    "Proposal",
    "Negotiation",
    "Closed Won",
    "Closed Lost",
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

CAMPAIGN_TYPES: tuple[str, ...] = ("Email", "Webinar", "Event", "Paid Social", "Content")
OTHER_CAMPAIGN_TYPES: tuple[str, ...] = CAMPAIGN_TYPES[1:]
OTHER_CAMPAIGN_WEIGHTS: tuple[int, ...] = (35, 20, 25, 20)
MEMBER_STATUSES: tuple[str, ...] = ("Sent", "Responded", "Registered", "Attended")
# Member statuses (and weights) by campaign type, and the share of existing contacts that
# become members of one campaign.
MEMBER_STATUS_BY_TYPE: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    "Webinar": (("Registered", "Attended"), (55, 45)),
    "Event": (("Registered", "Attended"), (40, 60)),
    "Paid Social": (("Sent", "Responded"), (70, 30)),
    "Content": (("Sent", "Responded"), (60, 40)),
}
MEMBER_SHARE: dict[str, float] = {
    "Webinar": 0.016,
    "Event": 0.009,
    "Paid Social": 0.02,
    "Content": 0.02,
}
EMAIL_THEMES: tuple[str, ...] = (
    "Monthly Newsletter",
    "Product Update",
    "Customer Stories",
    "Feature Spotlight",
    "Industry Report",
    "Best Practices Digest",
    "Event Roundup",
)
WEBINAR_TOPICS: tuple[str, ...] = (
    "Segmentation Masterclass",
    "Pipeline Analytics 101",
    "Automating Lead Handoffs",
    "Scaling Customer Success",
    "Payments Made Simple",
    "Data Privacy for Marketers",
)
EVENT_NAMES: tuple[str, ...] = (
    "Growth Summit",
    "Customer Roadshow",
    "Partner Day",
    "SaaS Connect Expo",
    "Executive Dinner",
    "Marketing Tech Forum",
)
PAID_SOCIAL_NAMES: tuple[str, ...] = (
    "LinkedIn Lead Gen",
    "Retargeting Push",
    "Brand Awareness",
    "Free Trial Promo",
)
CONTENT_NAMES: tuple[str, ...] = (
    "State of CRM Report",
    "Buyer's Guide eBook",
    "ROI Calculator",
    "Benchmark Whitepaper",
    "Playbook Download",
)
MONTHS: tuple[str, ...] = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)

EMAIL_EVENT_TYPES: tuple[str, ...] = ("sent", "delivered", "open", "click", "bounce", "unsubscribe")

ACTIVITY_TYPES: tuple[str, ...] = (
    "call",
    "email",
    "meeting",
    "task",
    "form_submission",
    "web_visit",
)
ACTIVITY_TYPE_WEIGHTS: tuple[int, ...] = (16, 24, 8, 12, 12, 28)
OWNED_ACTIVITY_TYPES: tuple[str, ...] = ("call", "email", "meeting", "task")
ACTIVITY_SUBJECTS: dict[str, tuple[str, ...]] = {
    "call": ("Discovery call", "Follow-up call", "Check-in call", "Left voicemail", "Pricing call"),
    "email": (
        "Intro email",
        "Sent pricing",
        "Follow-up email",
        "Shared case study",
        "Sent proposal",
    ),
    "meeting": ("Product demo", "Quarterly business review", "Onsite workshop", "Kick-off meeting"),
    "task": ("Send contract", "Prepare demo", "Update account plan", "Schedule follow-up"),
    "form_submission": (
        "Form: Request a demo",
        "Form: Contact us",
        "Form: Download whitepaper",
        "Form: Webinar registration",
        "Form: Start free trial",
    ),
    "web_visit": (
        "Visited /pricing",
        "Visited /product",
        "Visited /blog",
        "Visited /customers",
        "Visited /docs",
        "Visited /careers",
    ),
}

TAGS: tuple[str, ...] = ("VIP", "newsletter", "partner", "beta-tester", "churn-risk")

# Custom contact fields registered in field_definitions:
# (key, label, data_type, source_lead_field, source_contact_field, allow_push)
CUSTOM_FIELDS: tuple[tuple[str, str, str, str | None, str | None, bool], ...] = (
    ("nps", "NPS Score", "score", None, "NPS_Score__c", False),
    ("trial_started", "Trial Start Date", "date", "Trial_Start__c", "Trial_Start__c", False),
    ("products", "Products Owned", "multi_text", None, "Products__c", False),
    (
        "newsletter_consent",
        "Newsletter Consent",
        "boolean",
        "Newsletter_Consent__c",
        "Newsletter_Consent__c",
        True,
    ),
    (
        "preferred_language",
        "Preferred Language",
        "picklist",
        "Preferred_Language__c",
        "Preferred_Language__c",
        True,
    ),
)

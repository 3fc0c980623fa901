"""People: seniorities, departments and job titles, lead sources and statuses, lifecycle
stages, the sales team, tags and the custom contact fields.
"""

# The contract's vocabularies (DESIGN section 3) are the catalog's; the demo uses the same.
from nlseg.catalog.standard import (  # noqa: F401 - re-exported
    DEPARTMENTS,
    LEAD_SOURCES,
    LEAD_STATUSES,
    LIFECYCLE_STAGES,
    SENIORITIES,
    TAGS,
)

SENIORITY_WEIGHTS: tuple[int, ...] = (6, 10, 16, 28, 40)

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

LEAD_SOURCE_WEIGHTS: tuple[int, ...] = (28, 10, 12, 16, 8, 10, 8, 8)

LEAD_STATUS_WEIGHTS: tuple[int, ...] = (22, 22, 26, 15, 15)

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

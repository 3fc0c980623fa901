"""Marketing and sales touches: campaign types, names and member statuses, e-mail event
types, activity types and their subjects.
"""

# The contract's vocabularies (DESIGN section 3) are the catalog's; the demo uses the same.
from nlseg.catalog.standard import (  # noqa: F401 - re-exported
    ACTIVITY_TYPES,
    CAMPAIGN_TYPES,
    EMAIL_EVENT_TYPES,
    MEMBER_STATUSES,
)

OTHER_CAMPAIGN_TYPES: tuple[str, ...] = CAMPAIGN_TYPES[1:]
OTHER_CAMPAIGN_WEIGHTS: tuple[int, ...] = (35, 20, 25, 20)
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

"""The standard catalog: every contract column of the store, with labels, synonyms and vocabularies.

Custom fields (``field_definitions``) and picklist values found in the data are merged in by
:mod:`nlseg.catalog.loader`.
"""

from __future__ import annotations

from nlseg.catalog.aliases import with_aliases
from nlseg.catalog.model import Catalog, DataType, Entity, FieldDef, JoinStep, Relation

T = DataType

COUNTRIES = (
    "United States", "Canada", "United Kingdom", "Germany", "France", "Spain", "Italy",
    "Netherlands", "Sweden", "Australia", "Japan", "India", "Brazil", "Mexico", "Singapore",
)  # fmt: skip
COUNTRY_SYNONYMS = {
    "US": "United States", "USA": "United States", "U.S.": "United States",
    "U.S.A.": "United States", "America": "United States", "UK": "United Kingdom",
    "U.K.": "United Kingdom", "Britain": "United Kingdom", "Great Britain": "United Kingdom",
    "England": "United Kingdom", "Deutschland": "Germany", "Holland": "Netherlands",
    "The Netherlands": "Netherlands",
}  # fmt: skip
INDUSTRIES = (
    "Technology", "Software", "Healthcare", "Financial Services", "Manufacturing", "Retail",
    "Education", "Government", "Media", "Energy", "Telecommunications",
)  # fmt: skip
SENIORITIES = ("C-Level", "VP", "Director", "Manager", "Individual Contributor")
DEPARTMENTS = (
    "Marketing",
    "Sales",
    "Engineering",
    "IT",
    "Finance",
    "Operations",
    "HR",
    "Executive",
)
LEAD_SOURCES = (
    "Web", "Event", "Referral", "Paid Search", "Partner", "Webinar", "Trade Show", "Cold Call",
)  # fmt: skip
LEAD_STATUSES = ("New", "Working", "Nurturing", "Qualified", "Unqualified")
LIFECYCLE_STAGES = ("subscriber", "lead", "mql", "sql", "opportunity", "customer", "evangelist")
RECORD_TYPES = ("lead", "contact")
REGIONS = ("EMEA", "North America", "APAC", "LATAM")
ACCOUNT_TYPES = ("Prospect", "Customer", "Partner", "Former Customer")
TIERS = ("Enterprise", "Mid-Market", "SMB")
STAGES = ("Prospecting", "Qualification", "Proposal", "Negotiation", "Closed Won", "Closed Lost")
STAGE_ORDER = ("Closed Won", "Negotiation", "Proposal", "Qualification", "Prospecting")
CAMPAIGN_TYPES = ("Email", "Webinar", "Event", "Paid Social", "Content")
MEMBER_STATUSES = ("Sent", "Responded", "Registered", "Attended")
EMAIL_EVENT_TYPES = ("sent", "delivered", "open", "click", "bounce", "unsubscribe")
ACTIVITY_TYPES = ("call", "email", "meeting", "task", "form_submission", "web_visit")
TAGS = ("VIP", "newsletter", "partner", "beta-tester", "churn-risk")

ENTITIES = {
    e.name: e
    for e in (
        Entity("contact", "contacts", "contact"),
        Entity("account", "accounts", "account"),
        Entity("owner", "owners", "owner"),
        Entity("opportunity", "opportunities", "deal"),
        Entity("opportunity_contact", "opportunity_contacts", "deal role"),
        Entity("campaign", "campaigns", "campaign"),
        Entity("campaign_member", "campaign_members", "campaign membership"),
        Entity("email_event", "email_events", "email event"),
        Entity("activity", "activities", "activity"),
        Entity("tag", "contact_tags", "tag"),
    )
}


def _f(
    entity: str,
    column: str,
    label: str,
    data_type: DataType,
    synonyms: tuple[str, ...] = (),
    values: tuple[str, ...] = (),
    value_synonyms: dict[str, str] | None = None,
    name: str | None = None,
    ranks: tuple[str, ...] = (),
) -> FieldDef:
    return FieldDef(
        key=f"{entity}.{name or column}",
        entity=entity,
        label=label,
        data_type=data_type,
        column=column,
        synonyms=synonyms,
        values=values,
        value_synonyms=value_synonyms or {},
        ranks=ranks,
    )


STANDARD_FIELDS: tuple[FieldDef, ...] = (
    _f("contact", "record_type", "Record type", T.PICKLIST, ("lead or contact",), RECORD_TYPES),
    _f("contact", "first_name", "First name", T.TEXT, ("given name",)),
    _f("contact", "last_name", "Last name", T.TEXT, ("surname", "family name")),
    _f("contact", "email", "Email", T.EMAIL, ("email address", "e-mail")),
    _f("contact", "phone", "Phone", T.TEXT, ("phone number", "telephone", "mobile")),
    _f("contact", "title", "Job title", T.TEXT, ("title", "role", "position")),
    _f("contact", "department", "Department", T.PICKLIST, ("function", "team"), DEPARTMENTS),
    _f("contact", "seniority", "Seniority", T.PICKLIST, ("level",), SENIORITIES, ranks=SENIORITIES),
    _f("contact", "city", "City", T.TEXT),
    _f("contact", "state", "State", T.TEXT, ("province", "region")),
    _f("contact", "country", "Country", T.PICKLIST, ("location",), COUNTRIES, COUNTRY_SYNONYMS),
    _f("contact", "lead_source", "Lead source", T.PICKLIST, ("source",), LEAD_SOURCES),
    _f(
        "contact",
        "lifecycle_stage",
        "Lifecycle stage",
        T.PICKLIST,
        ("stage",),
        LIFECYCLE_STAGES,
        ranks=LIFECYCLE_STAGES[::-1],  # the funnel, furthest first: "sql or further"
    ),
    _f("contact", "lead_status", "Lead status", T.PICKLIST, ("status",), LEAD_STATUSES),
    _f("contact", "company_name", "Company name", T.TEXT, ("company",)),
    _f("contact", "behavior_score", "Overall Behavior Score", T.SCORE, ("score", "engagement")),
    _f("contact", "email_opt_out", "Email opt out", T.BOOLEAN, ("opted out", "unsubscribed")),
    _f("contact", "created_at", "Created date", T.DATETIME, ("created", "added")),
    _f("contact", "updated_at", "Last modified date", T.DATETIME, ("updated", "modified")),
    _f("account", "name", "Account name", T.TEXT, ("company name", "company")),
    _f("account", "domain", "Website domain", T.TEXT, ("website", "domain")),
    _f("account", "industry", "Industry", T.PICKLIST, ("sector", "vertical"), INDUSTRIES),
    _f("account", "employee_count", "Employees", T.NUMBER, ("company size", "headcount")),
    _f("account", "annual_revenue", "Annual revenue", T.NUMBER, ("revenue", "turnover")),
    _f(
        "account",
        "country",
        "Account country",
        T.PICKLIST,
        ("company country",),
        COUNTRIES,
        COUNTRY_SYNONYMS,
    ),
    _f("account", "city", "Account city", T.TEXT),
    _f("account", "type", "Account type", T.PICKLIST, ("customer status",), ACCOUNT_TYPES),
    _f("account", "tier", "Account tier", T.PICKLIST, ("segment", "size tier"), TIERS, ranks=TIERS),
    _f("account", "created_at", "Account created date", T.DATETIME),
    _f("account", "updated_at", "Account last modified date", T.DATETIME),
    _f("owner", "name", "Owner name", T.TEXT, ("rep", "sales rep", "account manager")),
    _f("owner", "email", "Owner email", T.EMAIL),
    _f("owner", "region", "Owner region", T.PICKLIST, ("sales region", "territory"), REGIONS),
    _f("owner", "team", "Owner team", T.PICKLIST, ("sales team",)),
    _f("owner", "is_active", "Owner is active", T.BOOLEAN),
    _f("opportunity", "name", "Deal name", T.TEXT),
    _f(
        "opportunity",
        "stage",
        "Deal stage",
        T.PICKLIST,
        ("pipeline stage",),
        STAGES,
        ranks=STAGE_ORDER,  # "past qualification"; a lost deal is not further along
    ),
    _f("opportunity", "amount", "Deal amount", T.NUMBER, ("deal size", "value")),
    _f("opportunity", "close_date", "Deal close date", T.DATE, ("closing date",)),
    _f("opportunity", "is_closed", "Deal is closed", T.BOOLEAN, ("closed",)),
    _f("opportunity", "is_won", "Deal is won", T.BOOLEAN, ("won",)),
    _f("opportunity", "created_at", "Deal created date", T.DATETIME, ("created",)),
    _f("opportunity", "updated_at", "Deal last modified date", T.DATETIME),
    _f("opportunity_contact", "role", "Role on the deal", T.PICKLIST, ("contact role",)),
    _f("opportunity_contact", "is_primary", "Primary contact on the deal", T.BOOLEAN),
    _f("campaign", "name", "Campaign name", T.TEXT),
    _f("campaign", "type", "Campaign type", T.PICKLIST, ("channel",), CAMPAIGN_TYPES),
    _f("campaign", "status", "Campaign status", T.PICKLIST),
    _f("campaign", "start_date", "Campaign start date", T.DATE),
    _f("campaign", "end_date", "Campaign end date", T.DATE),
    _f("campaign", "sent_at", "Campaign send time", T.DATETIME, ("sent",)),
    _f("campaign_member", "status", "Membership status", T.PICKLIST, (), MEMBER_STATUSES),
    _f("campaign_member", "created_at", "Joined the campaign", T.DATETIME),
    _f("email_event", "event_type", "Email event", T.PICKLIST, ("event",), EMAIL_EVENT_TYPES),
    _f("email_event", "occurred_at", "Email event time", T.DATETIME, ("when",)),
    _f("activity", "activity_type", "Activity type", T.PICKLIST, ("type",), ACTIVITY_TYPES),
    _f("activity", "subject", "Activity subject", T.TEXT),
    _f("activity", "occurred_at", "Activity time", T.DATETIME, ("when",)),
    _f("tag", "tag", "Tag", T.PICKLIST, ("label",), TAGS, name="name"),
)

STANDARD_RELATIONS: tuple[Relation, ...] = (
    Relation(
        name="account",
        label="Account",
        noun="account",
        plural="accounts",
        cardinality="1:1",
        path=(JoinStep("contacts.account_id", "accounts.id", optional=True),),
        entities=("account",),
        synonyms=("company", "organisation", "organization"),
    ),
    Relation(
        name="owner",
        label="Owner",
        noun="owner",
        plural="owners",
        cardinality="1:1",
        path=(JoinStep("contacts.owner_id", "owners.id", optional=True),),
        entities=("owner",),
        synonyms=("rep", "sales rep", "account manager"),
    ),
    Relation(
        name="opportunities",
        label="Deals the contact is on",
        noun="deal",
        plural="deals",
        cardinality="1:many",
        path=(
            JoinStep("contacts.id", "opportunity_contacts.contact_id"),
            JoinStep("opportunity_contacts.opportunity_id", "opportunities.id"),
        ),
        entities=("opportunity", "opportunity_contact"),
        timestamp_field="opportunity.created_at",
        synonyms=("deal", "deals", "opportunity", "opportunities", "opps"),
    ),
    Relation(
        name="account_opportunities",
        label="Deals on the contact's account",
        noun="deal on their account",
        plural="deals on their account",
        cardinality="1:many",
        path=(JoinStep("contacts.account_id", "opportunities.account_id", optional=True),),
        entities=("opportunity",),
        timestamp_field="opportunity.created_at",
        synonyms=("account deal", "company deal", "account opportunity"),
    ),
    Relation(
        name="campaign_memberships",
        label="Campaign memberships",
        noun="campaign membership",
        plural="campaign memberships",
        cardinality="1:many",
        path=(
            JoinStep("contacts.id", "campaign_members.contact_id"),
            JoinStep("campaign_members.campaign_id", "campaigns.id"),
        ),
        entities=("campaign_member", "campaign"),
        timestamp_field="campaign_member.created_at",
        synonyms=("campaign", "campaigns", "webinar", "event", "registered", "attended"),
        supports_all_of_last=True,
    ),
    Relation(
        name="email_events",
        label="Email events",
        noun="email event",
        plural="email events",
        cardinality="1:many",
        path=(
            JoinStep("contacts.id", "email_events.contact_id"),
            JoinStep("email_events.campaign_id", "campaigns.id", optional=True),
        ),
        entities=("email_event", "campaign"),
        timestamp_field="email_event.occurred_at",
        synonyms=("email", "emails", "opened", "clicked", "bounced", "unsubscribed"),
        supports_all_of_last=True,
    ),
    Relation(
        name="activities",
        label="Activities",
        noun="activity",
        plural="activities",
        cardinality="1:many",
        path=(JoinStep("contacts.id", "activities.contact_id"),),
        entities=("activity",),
        timestamp_field="activity.occurred_at",
        synonyms=("activity", "touch", "touches", "call", "meeting", "contacted"),
    ),
    Relation(
        name="tags",
        label="Tags",
        noun="tag",
        plural="tags",
        cardinality="1:many",
        path=(JoinStep("contacts.id", "contact_tags.contact_id"),),
        entities=("tag",),
        synonyms=("tag", "tagged", "label", "labelled"),
    ),
)


def standard_catalog() -> Catalog:
    """The catalog of the contract schema alone: no custom fields, the standard vocabularies."""
    return with_aliases(
        Catalog(
            entities=ENTITIES,
            fields={f.key: f for f in STANDARD_FIELDS},
            relations={r.name: r for r in STANDARD_RELATIONS},
        )
    )

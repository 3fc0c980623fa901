"""Custom contact fields: their definitions and each contact's values (the ``custom`` JSON)."""

from __future__ import annotations

import random
from collections.abc import Iterator

from nlseg.sync import vocab as v
from nlseg.sync.demo.setting import DAY, Pick, Setting

FIELD_COLS = (
    "key",
    "label",
    "entity",
    "data_type",
    "source_lead_field",
    "source_contact_field",
    "allow_push",
)

# Customers are mostly promoters or passives.
NPS_OF_CUSTOMERS = Pick(range(11), (1, 1, 1, 2, 2, 4, 6, 10, 14, 12, 8))


def field_definition_rows() -> Iterator[tuple]:
    for key, label, data_type, lead_field, contact_field, push in v.CUSTOM_FIELDS:
        yield (key, label, "contact", data_type, lead_field, contact_field, push)


def custom_values(
    rng: random.Random,
    setting: Setting,
    stage: str,
    account_products: list[str],
    country: str,
    created: int,
    on_list: bool,
    opt_out: bool,
) -> dict:
    """One contact's custom field values; a field is missing where the CRM holds none."""
    custom: dict = {}
    is_customer = stage in ("customer", "evangelist")
    if rng.random() < (0.7 if is_customer else 0.2):
        if stage == "evangelist":
            custom["nps"] = 9 + (rng.random() < 0.6)
        elif is_customer:
            custom["nps"] = NPS_OF_CUSTOMERS(rng)
        else:
            custom["nps"] = rng.randrange(0, 11)
    if rng.random() < (0.5 if is_customer else 0.3):
        start = created + int(60 * DAY * rng.random())
        custom["trial_started"] = setting.day(min(start, setting.t_end)).isoformat()
    products = account_products
    # Customers without account products own one; some trials used one product.
    trial_product = "trial_started" in custom and rng.random() < 0.3
    if (is_customer and not products) or (not is_customer and trial_product):
        products = [rng.choice(v.PRODUCTS)]
    if products:
        custom["products"] = list(products)
    consent = on_list and not opt_out
    # A few records disagree with the list: consent data is never perfectly clean.
    custom["newsletter_consent"] = consent if rng.random() >= 0.03 else not consent
    if rng.random() < 0.9:
        language = v.PREFERRED_LANGUAGE.get(country, "English")
        if country == "Canada" and rng.random() < 0.25:
            language = "French"
        custom["preferred_language"] = language
    return custom

"""Contacts and leads: who they are, where, their stage, owner and e-mail engagement.

Engagement is a trait of the person, drawn here once: it later drives opens, clicks,
campaign membership, tags and activity, so segments like "opened all of the last three
e-mails" find a real, persistent audience.
"""

from __future__ import annotations

from collections.abc import Iterator

from nlseg.sync import vocab as v
from nlseg.sync.demo.accounts import Accounts
from nlseg.sync.demo.custom_fields import custom_values
from nlseg.sync.demo.names import EMAIL_PATTERNS, Names
from nlseg.sync.demo.owners import Owners
from nlseg.sync.demo.setting import Pick, Setting, pick_country

CONTACT_COLS = (
    "id",
    "external_id",
    "record_type",
    "first_name",
    "last_name",
    "email",
    "phone",
    "title",
    "department",
    "seniority",
    "city",
    "state",
    "country",
    "lead_source",
    "lifecycle_stage",
    "lead_status",
    "account_id",
    "owner_id",
    "company_name",
    "behavior_score",
    "email_opt_out",
    "created_at",
    "updated_at",
    "custom",
)


class Contacts:
    """Generates ``contacts``; fills per-contact lists (index = id - 1) later tables read."""

    def __init__(self, setting: Setting, names: Names, owners: Owners, accounts: Accounts) -> None:
        self.setting = setting
        self.names = names
        self.owners = owners
        self.accounts = accounts
        n = setting.n_contacts
        self.created = [0] * n
        self.account: list[int | None] = [None] * n
        self.owner: list[int | None] = [None] * n
        self.country: list[str | None] = [None] * n
        self.seniority = [0] * n  # index into SENIORITIES
        self.engagement = [0] * n  # 0 engaged, 1 lukewarm, 2 cold
        self.p_open = [0.0] * n
        self.p_click = [0.0] * n
        self.on_list = [False] * n  # on the newsletter list
        self.unsubscribe: list[int | None] = [None] * n  # when they opt out, if ever
        self.bad_email = [False] * n

    def rows(self) -> Iterator[tuple]:
        accounts = self.accounts
        rng = self.setting.rng("contacts")
        rand = rng.random
        ts = self.setting.clock()
        t_end = self.setting.t_end
        pick_seniority = Pick(range(len(v.SENIORITIES)), v.SENIORITY_WEIGHTS)
        pick_department = {
            sen: Pick(v.DEPARTMENTS, v.DEPARTMENT_WEIGHTS[sen]) for sen in v.SENIORITIES
        }
        pick_source = Pick(v.LEAD_SOURCES, v.LEAD_SOURCE_WEIGHTS)
        pick_status = Pick(v.LEAD_STATUSES, v.LEAD_STATUS_WEIGHTS)
        pick_stage = {k: Pick(v.LIFECYCLE_STAGES, w) for k, w in v.LIFECYCLE_WEIGHTS.items()}
        for i, (created, _k, kind, account) in enumerate(accounts.contact_plan):
            contact_id = i + 1
            record_type = "contact" if kind == "contact" else "lead"
            if account is not None and rand() < 0.9:
                country = accounts.country[account]
                city, state = (
                    accounts.city[account] if rand() < 0.65 else rng.choice(v.CITIES[country])
                )
            else:
                country = pick_country(rng)
                city, state = rng.choice(v.CITIES[country])
            (first, fslug), (last, lslug) = self.names.person(rng, country)
            if account is not None:
                email = self.names.email(
                    fslug, lslug, accounts.domain[account], accounts.email_pattern[account]
                )
                company = accounts.name[account] if kind == "lead" else None
                account_type = accounts.account_type[account]
            else:
                company, domain = self.names.company(rng, country, rng.choice(v.INDUSTRIES))
                if rand() < 0.35:
                    domain = rng.choice(v.FREE_MAIL_DOMAINS)
                    pattern = "{f}.{l}" + (str(10 + int(rand() * 89)) if rand() < 0.5 else "")
                else:
                    pattern = EMAIL_PATTERNS(rng)
                email = self.names.email(fslug, lslug, domain, pattern)
                account_type = None
            phone = None
            if rand() >= 0.15:
                phone = (
                    f"+{v.CALLING_CODES[country]} {200 + int(rand() * 799)} "
                    f"{100 + int(rand() * 899)} {1000 + int(rand() * 8999)}"
                )
            seniority = pick_seniority(rng)
            department = pick_department[v.SENIORITIES[seniority]](rng)
            title = rng.choice(v.TITLES[(v.SENIORITIES[seniority], department)])
            lead_source = pick_source(rng)
            stage = pick_stage["lead" if record_type == "lead" else account_type](rng)
            lead_status = pick_status(rng) if record_type == "lead" else None
            # Owner: mostly the account's, in the contact's region otherwise.
            r = rand()
            if r < 0.05:
                owner = None
            elif account is not None and r < 0.86:
                owner = accounts.owner[account]
            else:
                owner = self.owners.in_region(rng, country)
            # Engagement is a trait of the person: it drives opens, clicks and activity.
            r = rand()
            if r < 0.28:
                engagement, p_open, p_click = 0, 0.70 + 0.27 * rand(), 0.25 + 0.35 * rand()
            elif r < 0.70:
                engagement, p_open, p_click = 1, 0.12 + 0.33 * rand(), 0.08 + 0.2 * rand()
            else:
                engagement, p_open, p_click = 2, 0.06 * rand(), 0.05 * rand()
            on_list = stage == "subscriber" or rand() < (0.72, 0.55, 0.38)[engagement]
            opt_out = rand() < 0.08
            unsubscribe = created + int((t_end - created) * rand()) if opt_out else None
            bad_email = rand() < 0.02
            bonus = {"mql": 5, "sql": 10, "opportunity": 10}.get(stage, 0)
            score = min(100, int(p_open * 55 + 35 * rand() ** 2 + bonus))
            updated = t_end - int((t_end - created) * rand() ** 2)
            products = accounts.products[account] if account is not None else []
            custom = custom_values(
                rng, self.setting, stage, products, country, created, on_list, opt_out
            )
            if rand() < 0.03:  # no country on record (names still fit a country)
                country = city = state = None
            self.created[i] = created
            self.account[i] = account
            self.owner[i] = owner
            self.country[i] = country
            self.seniority[i] = seniority
            self.engagement[i] = engagement
            self.p_open[i] = p_open
            self.p_click[i] = p_click
            self.on_list[i] = on_list
            self.unsubscribe[i] = unsubscribe
            self.bad_email[i] = bad_email
            yield (
                contact_id,
                f"{'003' if record_type == 'contact' else '00Q'}{contact_id:012d}",
                record_type,
                first,
                last,
                email,
                phone,
                title,
                department,
                v.SENIORITIES[seniority],
                city,
                state,
                country,
                lead_source,
                stage,
                lead_status,
                None if account is None else account + 1,
                owner,
                company,
                score,
                opt_out,
                ts(created),
                ts(updated),
                custom,
            )
        self.names.emails.clear()  # no longer needed: free the memory

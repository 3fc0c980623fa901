"""The issue's example requests: exact normalised trees, and member counts on the demo data.

Each count is checked three ways: the translated tree counted by nlseg, a hand-written SQL
query over the store schema (independent of the compiler), and the number recorded here.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from trees import AND, LAST, REL, C

from nlseg.catalog import load_catalog
from nlseg.clock import Clock
from nlseg.evaluate import evaluate, parse_tree
from nlseg.store import make_engine
from nlseg.sync.demo import build_demo
from nlseg.translate.offline import OfflineTranslator
from nlseg.tree import canonical_json, normalize

AS_OF = dt.date(2026, 11, 1)
CLOCK = Clock.at(AS_OF)
TRANSLATOR = OfflineTranslator()

LAST_EMAIL_CAMPAIGNS = """
    SELECT id FROM campaigns WHERE type = 'Email' AND sent_at IS NOT NULL
    AND sent_at < '2026-11-02' ORDER BY sent_at DESC, id DESC LIMIT {n}"""

EXAMPLES = [
    pytest.param(
        "Contacts who haven't been contacted in 60 days",
        REL("activities", "none", window=LAST(60)),
        """SELECT count(*) FROM contacts c WHERE NOT EXISTS (SELECT 1 FROM activities a
           WHERE a.contact_id = c.id AND a.occurred_at >= '2026-09-02'
           AND a.occurred_at < '2026-11-02')""",
        653,
        id="not-contacted-60-days",
    ),
    pytest.param(
        "Leads in the healthcare industry with no deal",
        AND(
            C("contact.record_type", "in", ["lead"]),
            C("account.industry", "in", ["Healthcare"]),
            REL("opportunities", "none"),
        ),
        """SELECT count(*) FROM contacts c JOIN accounts a ON a.id = c.account_id
           WHERE c.record_type = 'lead' AND a.industry = 'Healthcare' AND NOT EXISTS
           (SELECT 1 FROM opportunity_contacts oc WHERE oc.contact_id = c.id)""",
        18,
        id="healthcare-leads-no-deal",
    ),
    pytest.param(
        "Customers who clicked our last campaign but didn't buy",
        AND(
            C("contact.lifecycle_stage", "in", ["customer"]),
            REL(
                "email_events", "all_of_last", 1, where=C("email_event.event_type", "in", ["click"])
            ),
            REL("opportunities", "none", where=C("opportunity.is_won", "is_true")),
        ),
        f"""SELECT count(*) FROM contacts c WHERE c.lifecycle_stage = 'customer'
           AND EXISTS (SELECT 1 FROM email_events e WHERE e.contact_id = c.id
             AND e.event_type = 'click' AND e.campaign_id IN ({LAST_EMAIL_CAMPAIGNS.format(n=1)}))
           AND NOT EXISTS (SELECT 1 FROM opportunity_contacts oc
             JOIN opportunities o ON o.id = oc.opportunity_id
             WHERE oc.contact_id = c.id AND o.is_won)""",
        18,
        id="customers-clicked-last-campaign-no-purchase",
    ),
    pytest.param(
        "Companies with more than 100 employees in France",
        AND(C("account.employee_count", "gt", 100), C("account.country", "in", ["France"])),
        """SELECT count(*) FROM contacts c JOIN accounts a ON a.id = c.account_id
           WHERE a.employee_count > 100 AND a.country = 'France'""",
        145,
        id="companies-over-100-employees-france",
    ),
    pytest.param(
        "enterprise accounts in Germany that opened our last 3 campaigns but have no deal "
        "created in the last 90 days",
        AND(
            C("account.tier", "in", ["Enterprise"]),
            C("account.country", "in", ["Germany"]),
            REL(
                "email_events", "all_of_last", 3, where=C("email_event.event_type", "in", ["open"])
            ),
            REL("account_opportunities", "none", window=LAST(90)),
        ),
        f"""SELECT count(*) FROM contacts c JOIN accounts a ON a.id = c.account_id
           WHERE a.tier = 'Enterprise' AND a.country = 'Germany'
           AND (SELECT count(DISTINCT e.campaign_id) FROM email_events e
                WHERE e.contact_id = c.id AND e.event_type = 'open'
                AND e.campaign_id IN ({LAST_EMAIL_CAMPAIGNS.format(n=3)})) = 3
           AND NOT EXISTS (SELECT 1 FROM opportunities o WHERE o.account_id = c.account_id
             AND o.created_at >= '2026-08-03' AND o.created_at < '2026-11-02')""",
        13,
        id="enterprise-germany-engaged-no-recent-deal",
    ),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    build_demo(engine, contacts=2000, seed=42, as_of=AS_OF)
    yield engine, load_catalog(engine)
    engine.dispose()


@pytest.mark.parametrize(("request_text", "expected", "gold_sql", "count"), EXAMPLES)
def test_example_tree_and_members(demo, request_text, expected, gold_sql, count):
    engine, catalog = demo
    result = TRANSLATOR.translate(request_text, catalog=catalog, clock=CLOCK)
    assert result.error is None and result.unparsed == []
    want = normalize(parse_tree(expected, catalog))
    assert canonical_json(result.tree.root) == canonical_json(want.root)
    assert result.engine == "offline"
    assert result.explanation.startswith("Contacts where")
    counted = evaluate(engine, result.tree, clock=CLOCK, catalog=catalog).count
    with engine.connect() as conn:
        by_hand = conn.execute(text(gold_sql)).scalar_one()
    assert counted == by_hand == count


def test_the_readme_example_tree_is_what_the_sentence_gives(demo):
    """examples/enterprise_germany_engaged.json is the tree of its sentence."""
    from pathlib import Path

    _, catalog = demo
    path = Path(__file__).parent.parent / "examples" / "enterprise_germany_engaged.json"
    result = TRANSLATOR.translate(EXAMPLES[-1].values[0], catalog=catalog, clock=CLOCK)
    want = normalize(parse_tree(path.read_text(), catalog))
    assert canonical_json(result.tree.root) == canonical_json(want.root)

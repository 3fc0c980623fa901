"""The English the offline parser knows besides the catalog: grammar words, and the everyday
words marketers use for the standard catalog's fields and values.

Everything domain-specific here is keyed by catalog names (a field key and one of its
values, a relation name) and is only used when the catalog has that field, value or
relation; custom fields and new picklist values need no entry here — the lexicon reads
their labels and values from the catalog.
"""

from __future__ import annotations

# --- grammar -------------------------------------------------------------------------------

NEGATIONS = {
    # property negation: "not in Germany" → not_in, "not tagged VIP" → none
    "not": "not", "n't": "not", "don't": "not", "doesn't": "not", "didn't": "not",
    "haven't": "not", "hasn't": "not", "hadn't": "not", "isn't": "not", "aren't": "not",
    "wasn't": "not", "weren't": "not", "won't": "not", "can't": "not", "cannot": "not",
    "dont": "not", "doesnt": "not", "didnt": "not", "havent": "not", "hasnt": "not",
    "hadnt": "not", "isnt": "not", "arent": "not", "wasnt": "not", "werent": "not",
    "non": "not", "neither": "not", "do not": "not", "does not": "not",
    "did not": "not", "have not": "not", "has not": "not", "had not": "not", "is not": "not",
    "are not": "not", "was not": "not", "were not": "not", "who aren't": "not",
    # absence: "no deal", "without a phone", "missing a phone"
    "no": "no", "without": "no", "zero": "no", "none": "no", "lacking": "no", "missing": "no",
    "w/o": "no", "with no": "no", "have no": "no", "has no": "no", "had no": "no",
    "nobody": "no", "no one": "no", "no-one": "no", "no longer": "not", "not anymore": "not",
    "never": "never", "not ever": "never", "not once": "never", "at no point": "never",
}  # fmt: skip
# Filler words that still end a compound read as its parts: "US-based", "Paris-located".
COMPOUND_SUFFIXES = ("based", "located", "headquartered")
# Words that are a negation and a relation word in one: "untagged" is "no" + "tagged".
NEGATED_WORDS = {"untagged": "tagged", "unlabelled": "labelled", "unlabeled": "labeled"}
EXCLUSIONS = (
    "anyone but", "everyone but", "anybody but", "everybody but", "all but", "all except",
    "except", "excluding", "exclude", "excludes", "other than", "apart from", "aside from",
    "minus", "save for", "leaving out", "leave out", "with the exception of", "not including",
    "filter out", "take out", "but exclude", "and exclude", "but excluding", "barring",
)  # fmt: skip
COMPARATORS = {
    "more than": "gt", "greater than": "gt", "over": "gt", "above": "gt", "higher than": "gt",
    "bigger than": "gt", "larger than": "gt", "exceeding": "gt", "exceeds": "gt",
    "in excess of": "gt", "north of": "gt", ">": "gt", "upwards of": "gt",
    "at least": "gte", "no less than": "gte", "not less than": "gte", "no fewer than": "gte",
    "minimum": "gte", "minimum of": "gte", "min": "gte", ">=": "gte", "≥": "gte",
    "a minimum of": "gte", "greater than or equal to": "gte", "more than or equal to": "gte",
    "equal to or greater than": "gte", "equal to or more than": "gte", "at or above": "gte",
    "less than or equal to": "lte", "equal to or less than": "lte", "at or below": "lte",
    "fewer than or equal to": "lte", "equal or greater than": "gte", "equal or less than": "lte",
    "less than": "lt", "fewer than": "lt", "under": "lt", "below": "lt", "lower than": "lt",
    "smaller than": "lt", "beneath": "lt", "<": "lt", "south of": "lt",
    "at most": "lte", "no more than": "lte", "not more than": "lte", "up to": "lte",
    "maximum": "lte", "maximum of": "lte", "max": "lte", "<=": "lte", "≤": "lte",
    "no greater than": "lte", "not over": "lte", "a maximum of": "lte", "no higher than": "lte",
    # a common slip: "more then 100"
    "more then": "gt", "greater then": "gt", "higher then": "gt", "bigger then": "gt",
    "larger then": "gt", "less then": "lt", "fewer then": "lt", "lower then": "lt",
    "smaller then": "lt",
    "exactly": "eq", "equal to": "eq", "equals": "eq", "=": "eq", "precisely": "eq",
    "!=": "neq",
}  # fmt: skip
POSTFIX_COMPARATORS = {
    "or more": "gte", "or higher": "gte", "or above": "gte", "or greater": "gte",
    "and up": "gte", "and above": "gte", "and over": "gte", "or over": "gte", "plus": "gte",
    "or later": "gte", "at least": "gte", "minimum": "gte", "min": "gte",
    "or less": "lte", "or fewer": "lte", "or lower": "lte", "or below": "lte",
    "or under": "lte", "and below": "lte", "and under": "lte", "at most": "lte", "max": "lte",
    "maximum": "lte", "tops": "lte",
}  # fmt: skip
CONJUNCTIONS = {
    "and": "and", "or": "or", ",": ",", ";": "and", "&": "and", "and/or": "or",
    "as well as": "and", "along with": "and", "together with": "and", "plus": "and",
    "either": "", "both": "", "/": "or", "nor": "or",
    "but": "but", "yet": "but", "although": "but", "though": "but", "however": "but",
    "but also": "but", "while": "but", "whilst": "but",
}  # fmt: skip
MARKERS = (
    "who", "that", "which", "whose", "where", "whom", "with", "having", "such that",
    "and who", "and that", "and with", "and whose", "and which", "w/",
)  # fmt: skip
# Markers after which "nothing more" means the field is present: "with a phone".
PRESENCE = ("with", "w/", "having", "has", "have", "had", "got", "and with", "own", "owns")
HAVE = ("has", "have", "had", "having", "got", "own", "owns", "hold", "holds", "gave us",
        "given us", "give us", "gave", "given", "provided", "provide")  # fmt: skip
BE = ("is", "are", "was", "were", "be", "been", "being", "am", "=", ":", "equal", "equals")
PREPOSITIONS = {
    "in": "loc", "from": "from", "at": "loc", "based in": "loc", "located in": "loc",
    "living in": "loc", "based out of": "loc", "out of": "from", "inside": "loc",
    "across": "loc", "within": "loc", "of": "of", "for": "of", "on": "loc", "via": "from",
    "through": "from", "working in": "loc", "work in": "loc", "works in": "loc",
    "working at": "loc", "work at": "loc", "works at": "loc", "employed at": "loc",
    "employed by": "loc", "work for": "loc", "works for": "loc", "working for": "loc",
    "headquartered in": "account", "hq in": "account", "hq'd in": "account",
    "headquarters in": "account", "came from": "from", "come from": "from",
    "comes from": "from", "coming from": "from", "sourced from": "from",
    "originated from": "from", "originating from": "from", "acquired through": "from",
    "acquired via": "from", "sourced via": "from", "generated by": "from", "generated from": "from",
    "in the": "loc", "into": "loc", "to": "of", "by": "of",
}  # fmt: skip
OUTSIDE = ("outside", "outside of", "not based in", "not located in", "outwith")
TEXT_OPERATORS = {
    "contains": "contains", "contain": "contains", "containing": "contains",
    "includes": "contains", "include": "contains", "including": "contains",
    "like": "contains", "mentions": "contains", "mention": "contains",
    "mentioning": "contains", "has": "contains",
    "with": "contains",
    "starts with": "starts_with", "starting with": "starts_with", "begins with": "starts_with",
    "beginning with": "starts_with", "start with": "starts_with", "begin with": "starts_with",
    "ends with": "ends_with", "ending with": "ends_with", "ending in": "ends_with",
    "ends in": "ends_with", "end with": "ends_with", "end in": "ends_with",
    "at domain": "ends_with", "on domain": "ends_with",
    "named": "eq", "is": "eq", "equals": "eq", "is exactly": "eq", "=": "eq",
    "of": "eq",
}  # fmt: skip
# Verbs after a rep's name that make them the owner: "the ones Audrey Vasseur owns".
OWNING_VERBS = ("owns", "manages", "handles", "covers", "looks after")
# Owner look-ups by name: "owned by Jane Smith", "assigned to Sam".
OWNER_TEXT = ("owned by", "assigned to", "managed by", "belonging to", "belongs to",
              "handled by", "covered by", "whose owner is", "whose rep is", "rep is",
              "owner is", "with owner", "owner named", "rep named")  # fmt: skip
PRESENCE_WORDS = {
    "is set": "is_set", "is known": "is_set", "is not empty": "is_set", "is filled": "is_set",
    "is filled in": "is_set", "is present": "is_set", "exists": "is_set", "is available": "is_set",
    "on file": "is_set", "is populated": "is_set", "known": "is_set",
    "is not set": "is_not_set", "is empty": "is_not_set", "is blank": "is_not_set",
    "is missing": "is_not_set", "is unknown": "is_not_set", "is null": "is_not_set",
    "is not known": "is_not_set", "is not filled": "is_not_set", "unknown": "is_not_set",
    "blank": "is_not_set", "empty": "is_not_set", "not set": "is_not_set",
    "not known": "is_not_set", "is none": "is_not_set", "not filled in": "is_not_set",
}  # fmt: skip
BOOLEAN_WORDS = {"true": True, "yes": True, "false": False, "y": True, "n": False}
QUANTITY_ALL = ("all", "each", "every", "all of", "each of", "every one of", "every single")
QUANTITY_ANY = ("any of", "at least one of", "one of", "either of", "some of", "any one of")
LAST_WORDS = ("last", "latest", "most recent", "recent", "previous", "past", "final")
CAMPAIGN_NOUNS = ("campaign", "campaigns", "email", "emails", "email campaign",
                  "email campaigns", "newsletter", "newsletters", "send", "sends",
                  "mailing", "mailings", "blast", "blasts", "email blast", "email blasts",
                  "email send", "email sends", "mailer", "mailers")  # fmt: skip
TIMES_WORDS = ("times", "time", "x")

# Leading words of a request that carry no condition.
COMMANDS = (
    "show", "show me", "find", "find me", "get", "get me", "give me", "list", "pull",
    "pull up", "i want", "i need", "i'd like", "i would like", "we want", "we need",
    "looking for", "look for", "search for", "search", "select", "target", "targeting",
    "segment", "create a segment of", "create a segment with", "create a segment for",
    "build a segment of", "build a segment with", "make a segment of", "make a list of",
    "create a list of", "build a list of", "build an audience of", "create an audience of",
    "an audience of", "audience of", "a segment of", "a list of", "segment of", "list of",
    "how many", "count", "count of", "number of", "who are", "can you", "could you",
    "can i get", "can i see", "please", "let's see", "lets see", "i'm looking for",
    "display", "return", "fetch", "identify", "which", "what", "filter", "filter to",
    "filter for", "filter by", "tell me", "give", "show all", "all", "every", "everyone",
    "anyone", "everybody", "anybody", "hey", "hi", "ok", "okay", "now", "then", "so",
)  # fmt: skip
# Leading verbs of requests to *do* something to records: nlseg describes audiences only.
INSTRUCTIONS = (
    "delete", "remove", "erase", "purge", "wipe", "destroy", "send", "email", "e-mail",
    "message", "text", "sms", "call", "phone", "ring", "update", "edit", "modify", "change",
    "set", "assign", "reassign", "merge", "dedupe", "deduplicate", "unsubscribe",
    "subscribe", "tag", "untag", "label", "import", "sync", "upload", "export", "download",
    "archive", "rename", "move", "copy", "add", "schedule", "launch", "book", "write",
    "draft", "notify", "invite", "forward", "mark", "convert", "close", "transfer", "drop",
    "insert", "create", "make", "build", "run", "execute", "truncate", "reply", "contact",
    "reach", "ping", "post", "publish", "enroll", "enrol", "print", "compose",
)  # fmt: skip
# After these, "create"/"make"/"build" describe an audience after all.
AUDIENCE_NOUNS = ("segment", "list", "audience", "cohort", "group", "report", "view")

FILLERS = (
    "the", "a", "an", "our", "their", "his", "her", "its", "my", "your", "them", "they",
    "those", "these", "ones", "one", "people", "persons", "person", "folks", "individuals",
    "users", "anyone", "anybody", "everyone", "everybody", "someone", "somebody", "all",
    "any", "some", "every", "each", "as", "also", "only", "just", "currently", "current",
    "still", "already", "ever", "really", "please", "kindly", "there", "here", "do", "does",
    "did", "get", "gets", "getting", "who", "is", "are", "was", "were", "be", "been", "being",
    "am", "has", "have", "had", "having", "me", "us", "we", "i", "you", "it", "this", "that",
    "with", "of", "to", "for", "by", "on", "at", "in", "from", "into", "about", "within",
    "yet", "then", "now", "so", "too", "both", "either", "ones", "whom", "whose", "which",
    "where", "what", "when", "whether", "actually", "basically", "overall", "total",
    "at all", "whatsoever", "altogether", "anymore", "any more", "any longer", "lately",
    "time", "since", "ago", "right", "based", "located", "living", "work", "works", "working",
    "somewhere", "anywhere", "records", "record", "entries", "rows", "members", "member",
    "audience", "list", "segment", "group", "cohort", "set", "recipients", "profiles",
    "profile", "database", "crm", "system", "more", "most", "other", "others", "same",
    "such", "like", "can", "could", "would", "should", "will", "shall", "may", "might",
    "must", "need", "want", "wants", "let", "lets", "made", "make", "making", "done", "go",
    "gone", "went", "way", "well", "very", "much", "many", "than", "into", "onto", "upon",
    "via", "per", "up", "out", "off", "down", "yet", "even", "thing", "things", "stuff",
    "etc", "i.e", "e.g", "certain", "particular", "specific", "specifically", "sure",
    "happen", "happened", "okay", "ok", "hey", "hi", "hello", "thanks", "thank",
    "-", ":", "(", ")", "'", "\"", "+", "ones", "guys", "whoever", "whichever", "also",
    "additionally", "moreover", "respectively", "valued", "valued at", "sized", "anything",
    "something", "associated", "linked", "related", "attached", "connected", "speak",
    "speaks", "speaking", "speakers", "speaker", "who've", "they've", "we've", "i've",
    "ever been", "yet been",
)  # fmt: skip

# Subject words: who the request is about. "accounts"/"companies" make account fields the
# default reading of later words ("enterprise accounts in Germany" is the account's country).
PEOPLE_SUBJECTS = (
    "people", "persons", "person", "folks", "individuals", "everyone", "everybody", "anyone",
    "anybody", "users", "humans", "ppl",
)  # fmt: skip
ACCOUNT_SUBJECTS = (
    "account", "accounts", "company", "companies", "organisation", "organisations",
    "organization", "organizations", "org", "orgs", "business", "businesses", "firm", "firms",
    "employers", "employer", "acct", "accts",
)  # fmt: skip
ACCOUNT_HINTS = (*ACCOUNT_SUBJECTS, "headquartered", "hq", "headquarters", "their company",
                 "company's", "account's")  # fmt: skip

# Refinement words (a turn that changes the tree being discussed).
REFINE_NARROW = (
    "only", "just", "only those", "just those", "only the ones", "just the ones", "limit to",
    "limit it to", "restrict to", "restrict it to", "narrow to", "narrow it to",
    "narrow down to", "narrow it down to", "of those", "of them", "of these", "among them",
    "among those", "keep only", "filter to", "filter it to", "and only", "but only",
    "now only", "who also", "that also", "and also", "also with", "must also", "should also",
    "add a condition", "add the condition", "add a filter", "add the filter",
    "and also who", "additionally", "further", "limit", "restrict", "narrow",
)  # fmt: skip
REFINE_WIDEN = (
    "also include", "include", "also add", "add", "plus", "as well as", "or", "also",
    "expand to", "expand it to", "extend to", "extend it to", "widen to", "broaden to",
    "along with", "together with", "and also include", "add in", "bring in", "throw in",
    "let in", "or anyone", "or anybody", "or people", "also anyone", "also everyone",
    "include also", "and include", "and add", "add anyone", "add everyone", "also people",
    "and anyone", "and everyone", "plus anyone", "plus everyone", "also those", "or those",
)  # fmt: skip
REFINE_EXCLUDE = (
    "exclude", "excluding", "except", "except for", "but not", "minus", "without",
    "leave out", "filter out", "take out", "remove anyone", "remove everyone",
    "remove those", "remove people", "remove the ones", "remove contacts", "drop anyone",
    "drop everyone", "drop those", "drop people", "drop the ones", "not the ones",
    "and not", "but exclude", "and exclude", "exclude anyone", "exclude everyone",
    "exclude those", "exclude people", "get rid of anyone", "get rid of those",
    "remove all", "drop all", "skip", "omit", "ignore anyone", "ignore those",
    "no one who", "nobody who", "take away", "take off anyone", "not those",
)  # fmt: skip
REFINE_REMOVE = (
    "drop", "remove", "delete", "forget", "forget about", "ignore", "clear", "get rid of",
    "take out", "take off", "lose", "no longer", "don't filter by", "do not filter by",
    "don't filter on", "stop filtering by", "stop filtering on", "without the", "undo",
    "scrap", "discard", "cancel", "strip", "remove the", "drop the", "no need for",
    "don't need", "do not need", "don't need the", "no longer need", "don't care about",
    "we don't need", "without any", "lose the", "skip the",
)  # fmt: skip
REFINE_CHANGE = (
    "make it", "make that", "change it to", "change that to", "change to", "switch to",
    "switch it to", "instead", "rather", "set it to", "set to", "use", "update to",
    "update it to", "replace", "change", "make", "set", "switch", "swap", "adjust",
    "modify", "increase", "decrease", "raise", "lower", "bump",
)  # fmt: skip
REFINE_NOUNS = ("condition", "conditions", "filter", "filters", "criterion", "criteria",
                "rule", "rules", "requirement", "requirements", "constraint", "constraints",
                "restriction", "restrictions", "part", "bit", "clause", "limit", "one",
                "window", "range", "check", "stuff", "thing", "piece")  # fmt: skip
REFINE_DATE_NOUNS = ("date", "dates", "time", "timeframe", "time frame", "time window",
                     "window", "period", "days", "date range", "time range", "recency")  # fmt: skip
RESTART = ("start over", "new segment", "start again", "from scratch", "new search",
           "forget that", "forget all that", "scratch that", "never mind", "nevermind")  # fmt: skip

# --- what the store cannot answer ------------------------------------------------------------

# Words that make what follows a prediction: the store holds what happened, not forecasts
# ("likely to buy", "will churn"). Phrases the catalog knows win when longer ("likely to
# churn" is the churn-risk tag; "expected to close" is the deal close date).
PREDICTIONS = (
    "will", "will not", "won't", "wont", "will likely", "will probably", "going to", "gonna",
    "about to", "likely to", "most likely to", "more likely to", "less likely to",
    "least likely to", "unlikely to", "likely", "most likely", "probably", "predicted to",
    "projected to", "forecast to", "forecasted to", "expected to", "plan to", "plans to",
    "planning to", "intend to", "intends to", "intending to", "would", "might",
    "propensity to", "likelihood of", "likelihood to", "probability of", "chance of",
    "chances of", "odds of", "predicted", "poised to", "ready to",
)  # fmt: skip
# Words that turn a period or span into one ahead of today ("next quarter", "the coming
# 30 days", "upcoming"); FUTURE_WORDS alone ("upcoming", "tomorrow") are windows themselves.
NEXT_WORDS = ("next", "coming", "following", "upcoming", "this coming", "the next",
              "the coming", "the following", "the upcoming")  # fmt: skip
FUTURE_WORDS = ("upcoming", "tomorrow", "in the future", "future", "forthcoming",
                "the day after tomorrow")  # fmt: skip
FUTURE_OPENERS = ("in", "within", "over", "during", "for", "inside", "throughout", "by")
# Date fields that hold planned days, which a future window can select ("deals closing
# next month"): by field, and the planned date of each relation's records.
PLANNED_DATE_FIELDS = ("opportunity.close_date", "campaign.start_date", "campaign.end_date")
PLANNED_DATE_OF_RELATION = {
    "opportunities": "opportunity.close_date",
    "account_opportunities": "opportunity.close_date",
    "campaign_memberships": "campaign.start_date",
}
# Conditions on records that say the behaviour already happened: a window ahead of today
# on them is a forecast, not their planned date ("attended a webinar next week").
DONE_STATES = (
    ("campaign_member.status", "Attended"), ("campaign_member.status", "Responded"),
    ("opportunity.is_won", "is_true"), ("opportunity.is_closed", "is_true"),
    ("opportunity.stage", "Closed Won"), ("opportunity.stage", "Closed Lost"),
)  # fmt: skip
# Words that ask for a figure about many records, not for an audience ("our open rate",
# "average deal size", "total revenue", "forecast next quarter"). Unless they are read as
# free text ("title contains 'rate'"), the request is answered with an error.
METRIC_WORDS = (
    "rate", "rates", "ratio", "ratios", "percentage", "percentages", "proportion",
    "average", "averages", "avg", "median", "sum of", "total revenue", "total pipeline",
    "total sales", "total spend", "total amount", "total value", "total number",
    "total deal value", "totals", "forecast", "forecasts", "forecasting", "forecasted",
    "projection", "projections", "predict", "prediction", "predictions", "trend", "trends",
    "breakdown", "kpi", "kpis", "metric", "metrics", "roi", "ctr", "statistics", "stats",
    "report", "reports", "reporting", "analysis", "analyse", "analyze", "analytics",
    "calculate", "compute",
)  # fmt: skip
# Of those, the words that ask for a figure only in the request itself ("a report on …"),
# not in what people did ("who downloaded the annual report").
REQUEST_ONLY_METRICS = ("report", "reports", "reporting", "analysis", "statistics", "stats")
# Questions whose answer is a figure or a fact, not a list of people: "how much …", "why …",
# "what is our …" (unless what follows names people), "how many emails …".
QUESTION_OPENERS = {
    "how": ("much", "often", "did", "does", "do", "is", "are", "was", "were", "well", "has",
            "have", "long", "fast", "quickly"),
    "why": (),
    "when": ("did", "does", "do", "is", "are", "was", "were", "will", "has", "have"),
    "what": ("is", "are", "was", "were", "will", "does", "did", "do", "has", "have"),
}  # fmt: skip
# Words after a counted phrase that are not its noun ("500 employees worldwide").
NOT_NOUNS = ("worldwide", "globally", "overall", "total", "combined", "each", "apiece",
             "altogether", "approximately", "roughly", "exactly", "so", "too", "now",
             "yet", "already", "still", "ago", "back", "since")  # fmt: skip

# --- the standard catalog's everyday words ---------------------------------------------------

# Extra spellings of picklist values: {field key: {value: (phrases, ...)}}.
VALUE_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "contact.seniority": {
        "C-Level": (
            "c-suite",
            "c suite",
            "csuite",
            "cxo",
            "cxos",
            "c-level executive",
            "execs",
            "executives",
            "exec",
            "ceo",
            "cfo",
            "cto",
            "cmo",
            "coo",
            "cio",
            "cro",
            "ciso",
            "cpo",
            "ceos",
            "cfos",
            "ctos",
            "cmos",
            "coos",
            "cios",
            "cros",
            "c-level executives",
            "chief",
            "chiefs",
            "c level",
            "clevel",
            "c-levels",
            "chief officers",
            "chief officer",
            "c-suite executives",
        ),
        "VP": (
            "vice president",
            "vice presidents",
            "vice-president",
            "vps",
            "svp",
            "svps",
            "evp",
            "evps",
            "avp",
        ),
        "Director": ("directors", "director level", "director-level", "head of", "heads of"),
        "Manager": ("managers", "manager level", "manager-level"),
        "Individual Contributor": (
            "ic",
            "ics",
            "individual contributors",
            "non-managers",
            "non-manager",
            "staff level",
        ),
    },
    "contact.lifecycle_stage": {
        "mql": (
            "marketing qualified",
            "marketing qualified lead",
            "marketing-qualified",
            "marketing-qualified lead",
            "mqls",
        ),
        "sql": (
            "sales qualified",
            "sales qualified lead",
            "sales-qualified",
            "sales-qualified lead",
            "sqls",
        ),
        "evangelist": ("advocate", "advocates", "champions", "brand advocate"),
        "subscriber": ("subscribers",),
        "opportunity": ("opportunity stage",),
    },
    "contact.record_type": {"lead": ("leads",), "contact": ("contacts",)},
    "account.industry": {
        "Technology": ("tech", "high tech", "high-tech", "it services"),
        "Software": ("saas", "software companies"),
        "Healthcare": (
            "health care",
            "health-care",
            "medical",
            "health",
            "hospitals",
            "healthcare industry",
        ),
        "Financial Services": (
            "financial",
            "fintech",
            "banking",
            "banks",
            "finserv",
            "finance industry",
            "financial sector",
            "insurance",
        ),
        "Telecommunications": ("telecom", "telecoms", "telco", "telcos", "telecommunication"),
        "Government": ("gov", "govt", "public sector", "government agencies"),
        "Education": ("edu", "higher ed", "higher education", "schools", "universities", "edtech"),
        "Manufacturing": ("manufacturers", "manufacturer", "industrial"),
        "Retail": ("retailers", "retailer", "ecommerce", "e-commerce"),
        "Media": ("media companies", "publishing", "entertainment"),
        "Energy": ("utilities", "oil and gas"),
    },
    "account.tier": {
        "Mid-Market": (
            "mid market",
            "midmarket",
            "mid-size",
            "mid-sized",
            "midsize",
            "midsized",
            "mid size",
            "mm",
        ),
        "SMB": (
            "small business",
            "small businesses",
            "smbs",
            "small and medium",
            "small companies",
            "small company",
            "smes",
            "sme",
        ),
        "Enterprise": (
            "enterprises",
            "enterprise-level",
            "large enterprise",
            "large enterprises",
            "large company",
            "large companies",
            "large account",
            "large accounts",
            "large business",
            "large businesses",
            "large organisations",
            "large organizations",
            "large firms",
            "big companies",
            "big company",
            "big accounts",
        ),
    },
    "account.type": {
        "Former Customer": (
            "churned customer",
            "churned customers",
            "ex-customer",
            "ex-customers",
            "past customer",
            "past customers",
            "churned",
            "former clients",
            "lapsed customers",
            "lost customers",
        ),
        "Prospect": ("prospects", "prospective customers"),
        "Customer": ("paying customers", "clients"),
        "Partner": ("partners", "resellers", "channel partners"),
    },
    "contact.lead_source": {
        "Paid Search": (
            "ppc",
            "google ads",
            "adwords",
            "sem",
            "paid ads",
            "search ads",
            "paid search ads",
        ),
        "Trade Show": ("tradeshow", "tradeshows", "trade-show", "trade shows", "conference booth"),
        "Cold Call": ("cold calls", "cold calling", "cold-call", "outbound calls"),
        "Referral": ("referrals", "referred", "word of mouth"),
        "Web": ("web form", "website form", "inbound web", "organic", "online"),
    },
    "contact.department": {
        "HR": ("human resources", "people ops", "people operations", "hr"),
        "IT": ("information technology", "it department", "it team"),
        "Engineering": ("engineers", "engineer", "r&d", "developers", "development"),
        "Executive": ("exec team", "executive team", "leadership team"),
        "Marketing": ("marketers", "marketing team", "marketing department"),
        "Sales": ("sales team", "salespeople", "sales department", "sellers"),
        "Finance": ("finance team", "finance department", "accounting"),
        "Operations": ("ops", "operations team"),
    },
    "opportunity.stage": {
        "Closed Lost": ("lost",),
        "Closed Won": ("closed-won", "closedwon"),
        "Negotiation": ("negotiating", "in negotiation"),
        "Proposal": ("proposals",),
        "Qualification": ("qualifying",),
        "Prospecting": ("prospecting stage",),
    },
    "campaign.type": {
        "Webinar": ("webinars", "web seminar", "online event", "online events"),
        "Event": (
            "events",
            "conference",
            "conferences",
            "in-person event",
            "in-person events",
            "trade show event",
            "meetup",
            "meetups",
        ),
        "Paid Social": (
            "social ads",
            "social media ads",
            "linkedin ads",
            "facebook ads",
            "paid social ads",
        ),
        "Content": (
            "ebook",
            "ebooks",
            "e-book",
            "whitepaper",
            "whitepapers",
            "white paper",
            "report download",
            "content download",
            "gated content",
        ),
    },
    "tag.name": {
        "VIP": ("vips", "very important"),
        "beta-tester": (
            "beta testers",
            "beta tester",
            "beta",
            "beta program",
            "beta users",
            "beta user",
        ),
        "churn-risk": (
            "churn risk",
            "at risk",
            "at-risk",
            "churn risks",
            "at risk of churn",
            "churn-risks",
            "risk of churn",
            "likely to churn",
        ),
        "newsletter": ("newsletter subscribers", "newsletter list"),
        "partner": ("partner tag",),
    },
    "owner.region": {
        "North America": ("na", "n. america", "north american"),
        "LATAM": ("latin america", "south america", "latam region", "latin american"),
        "APAC": ("asia pacific", "asia-pacific", "asia", "apj"),
        "EMEA": ("emea region",),
    },
    "contact.custom.products": {"CRM": ("crm product",)},
}
# Spellings that are ordinary English words: they count as a value only when typed in
# capitals, or next to their field's name ("lead status new"), never on their own.
WEAK_VALUES = frozenset(
    {
        "new",
        "working",
        "it",
        "us",
        "web",
        "content",
        "sent",
        "completed",
        "planned",
        "scheduled",
        "in progress",
        "event",
        "email",
        "call",
        "task",
        "na",
        "mm",
        "ops",
        "online",
        "health",
        "open",
        "beta",
        "development",
        "industrial",
        "insurance",
        "accounting",
        "delivered",
        "referred",
        "chief",
        "financial",
        "medical",
        "champions",
        "lost",
        "proposals",
        "qualifying",
        "negotiating",
    }
)
# Extra names of fields: {field key: (phrases, ...)}.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "contact.email": ("address", "mail address", "email addy"),
    "opportunity.close_date": (
        "closing",
        "close",
        "closes",
        "closing on",
        "expected close",
        "expected to close",
        "close date",
    ),
    "contact.created_at": (
        "signed up",
        "sign-up date",
        "signup date",
        "creation date",
        "signups",
        "sign-ups",
        "sign ups",
        "new signups",
    ),
    # "accounts added this year": the account's date when the request is about accounts
    "account.created_at": ("added", "created", "creation date"),
    "account.tier": ("tier",),
    "opportunity_contact.is_primary": ("primary contact", "primary contacts", "primary"),
    "contact.behavior_score": ("behaviour score", "lead score", "scoring", "scored"),
    "contact.title": ("job titles", "titles"),
    "account.employee_count": (
        "employee count",
        "number of employees",
        "staff",
        "team size",
        "size",
    ),
    "account.annual_revenue": ("arr", "sales revenue", "annual sales"),
    "opportunity.amount": ("worth", "deal value", "amount"),
}
# Values never offered as an alternative reading of a word (a field's technical values).
QUIET_VALUES = {
    ("contact.lifecycle_stage", "opportunity"),
    ("campaign.type", "Email"), ("activity.activity_type", "email"),
    ("campaign_member.status", "Sent"), ("email_event.event_type", "sent"),
    ("opportunity.stage", "Qualification"),
    ("lead_status", "Qualified"), ("contact.lead_status", "Qualified"),
    ("contact.department", "Executive"), ("contact.lead_source", "Web"),
}  # fmt: skip
# Default preference between fields offering the same word (lower wins), on top of
# contact < account < owner < related records.
FIELD_RANK = {
    "contact.record_type": -2, "contact.lifecycle_stage": -1, "contact.lead_source": 14,
    "tag.name": 8, "account.type": -1, "contact.department": 1, "owner.team": 5,
    "campaign_member.status": 2, "email_event.event_type": -3, "activity.activity_type": -2,
    "campaign.type": -1, "opportunity.stage": -1,
}  # fmt: skip
# Role nouns: values that describe what a person or company *is*; used as heads of a
# request ("partners in Germany"), they prefer these fields over sources and tags.
# (the ranks above already express it for the standard catalog)

# Verbs and nouns for 1:many relations: phrase → (relation, {field: values}).
# A phrase whose relation or values the catalog lacks is skipped.
RELATION_WORDS: dict[str, tuple[str, dict[str, tuple[str, ...]]]] = {
    "opened": ("email_events", {"email_event.event_type": ("open",)}),
    "open": ("email_events", {"email_event.event_type": ("open",)}),
    "opens": ("email_events", {"email_event.event_type": ("open",)}),
    "opening": ("email_events", {"email_event.event_type": ("open",)}),
    "read": ("email_events", {"email_event.event_type": ("open",)}),
    "email opens": ("email_events", {"email_event.event_type": ("open",)}),
    "clicked": ("email_events", {"email_event.event_type": ("click",)}),
    "click": ("email_events", {"email_event.event_type": ("click",)}),
    "clicks": ("email_events", {"email_event.event_type": ("click",)}),
    "clicking": ("email_events", {"email_event.event_type": ("click",)}),
    "clicked on": ("email_events", {"email_event.event_type": ("click",)}),
    "clicked through": ("email_events", {"email_event.event_type": ("click",)}),
    "click through": ("email_events", {"email_event.event_type": ("click",)}),
    "click-through": ("email_events", {"email_event.event_type": ("click",)}),
    "clicked a link in": ("email_events", {"email_event.event_type": ("click",)}),
    "email clicks": ("email_events", {"email_event.event_type": ("click",)}),
    "bounced": ("email_events", {"email_event.event_type": ("bounce",)}),
    "bounces": ("email_events", {"email_event.event_type": ("bounce",)}),
    "hard bounced": ("email_events", {"email_event.event_type": ("bounce",)}),
    "received": ("email_events", {"email_event.event_type": ("sent",)}),
    "were sent": ("email_events", {"email_event.event_type": ("sent",)}),
    "was sent": ("email_events", {"email_event.event_type": ("sent",)}),
    "got": ("email_events", {"email_event.event_type": ("sent",)}),
    "emailed": ("email_events", {"email_event.event_type": ("sent",)}),
    "mailed": ("email_events", {"email_event.event_type": ("sent",)}),
    "delivered": ("email_events", {"email_event.event_type": ("delivered",)}),
    "unsubscribed from": ("email_events", {"email_event.event_type": ("unsubscribe",)}),
    "email": ("email_events", {}),
    "emails": ("email_events", {}),
    "newsletter": ("email_events", {}),
    "newsletters": ("email_events", {}),
    "mailing": ("email_events", {}),
    "mailings": ("email_events", {}),
    "email campaign": ("email_events", {}),
    "email campaigns": ("email_events", {}),
    "attended": ("campaign_memberships", {"campaign_member.status": ("Attended",)}),
    "attend": ("campaign_memberships", {"campaign_member.status": ("Attended",)}),
    "attending": ("campaign_memberships", {"campaign_member.status": ("Attended",)}),
    "went to": ("campaign_memberships", {"campaign_member.status": ("Attended",)}),
    "showed up": ("campaign_memberships", {"campaign_member.status": ("Attended",)}),
    "showed up to": ("campaign_memberships", {"campaign_member.status": ("Attended",)}),
    "show up": ("campaign_memberships", {"campaign_member.status": ("Attended",)}),
    "show": ("campaign_memberships", {"campaign_member.status": ("Attended",)}),  # "didn't show"
    "turned up": ("campaign_memberships", {"campaign_member.status": ("Attended",)}),
    "turn up": ("campaign_memberships", {"campaign_member.status": ("Attended",)}),
    "attendees": ("campaign_memberships", {"campaign_member.status": ("Attended",)}),
    "attendee": ("campaign_memberships", {"campaign_member.status": ("Attended",)}),
    "joined": ("campaign_memberships", {}),
    # Everyone who attended had registered: "registered" includes attendees.
    "registered": ("campaign_memberships", {"campaign_member.status": ("Registered", "Attended")}),
    "registered for": (
        "campaign_memberships",
        {"campaign_member.status": ("Registered", "Attended")},
    ),
    "register": ("campaign_memberships", {"campaign_member.status": ("Registered", "Attended")}),
    "signed up for": (
        "campaign_memberships",
        {"campaign_member.status": ("Registered", "Attended")},
    ),
    "sign up for": ("campaign_memberships", {"campaign_member.status": ("Registered", "Attended")}),
    # "signed up but didn't show"; "signed up last month" stays the created date (a date
    # after it names the field)
    "signed up": ("campaign_memberships", {"campaign_member.status": ("Registered", "Attended")}),
    "registrants": ("campaign_memberships", {"campaign_member.status": ("Registered", "Attended")}),
    "registration": (
        "campaign_memberships",
        {"campaign_member.status": ("Registered", "Attended")},
    ),
    "registrations": (
        "campaign_memberships",
        {"campaign_member.status": ("Registered", "Attended")},
    ),
    "responded": ("campaign_memberships", {"campaign_member.status": ("Responded",)}),
    "responded to": ("campaign_memberships", {"campaign_member.status": ("Responded",)}),
    "respond": ("campaign_memberships", {"campaign_member.status": ("Responded",)}),
    "campaign": ("campaign_memberships", {}),
    "campaigns": ("campaign_memberships", {}),
    "meeting": ("activities", {"activity.activity_type": ("meeting",)}),
    "meetings": ("activities", {"activity.activity_type": ("meeting",)}),
    "met": ("activities", {"activity.activity_type": ("meeting",)}),
    "met with": ("activities", {"activity.activity_type": ("meeting",)}),
    "demo": ("activities", {"activity.activity_type": ("meeting",)}),
    "demos": ("activities", {"activity.activity_type": ("meeting",)}),
    "call": ("activities", {"activity.activity_type": ("call",)}),
    "calls": ("activities", {"activity.activity_type": ("call",)}),
    "called": ("activities", {"activity.activity_type": ("call",)}),
    "phoned": ("activities", {"activity.activity_type": ("call",)}),
    "phone call": ("activities", {"activity.activity_type": ("call",)}),
    "phone calls": ("activities", {"activity.activity_type": ("call",)}),
    "sales call": ("activities", {"activity.activity_type": ("call",)}),
    "sales calls": ("activities", {"activity.activity_type": ("call",)}),
    "task": ("activities", {"activity.activity_type": ("task",)}),
    "tasks": ("activities", {"activity.activity_type": ("task",)}),
    "form": ("activities", {"activity.activity_type": ("form_submission",)}),
    "forms": ("activities", {"activity.activity_type": ("form_submission",)}),
    "form fill": ("activities", {"activity.activity_type": ("form_submission",)}),
    "form fills": ("activities", {"activity.activity_type": ("form_submission",)}),
    "filled out a form": ("activities", {"activity.activity_type": ("form_submission",)}),
    "filled in a form": ("activities", {"activity.activity_type": ("form_submission",)}),
    "submitted a form": ("activities", {"activity.activity_type": ("form_submission",)}),
    "submitted": ("activities", {"activity.activity_type": ("form_submission",)}),
    "form submission": ("activities", {"activity.activity_type": ("form_submission",)}),
    "form submissions": ("activities", {"activity.activity_type": ("form_submission",)}),
    "web visit": ("activities", {"activity.activity_type": ("web_visit",)}),
    "web visits": ("activities", {"activity.activity_type": ("web_visit",)}),
    "website visit": ("activities", {"activity.activity_type": ("web_visit",)}),
    "website visits": ("activities", {"activity.activity_type": ("web_visit",)}),
    "site visit": ("activities", {"activity.activity_type": ("web_visit",)}),
    "site visits": ("activities", {"activity.activity_type": ("web_visit",)}),
    "visited": ("activities", {"activity.activity_type": ("web_visit",)}),
    "visited the website": ("activities", {"activity.activity_type": ("web_visit",)}),
    "visited our website": ("activities", {"activity.activity_type": ("web_visit",)}),
    "visited our site": ("activities", {"activity.activity_type": ("web_visit",)}),
    "visited the site": ("activities", {"activity.activity_type": ("web_visit",)}),
    "visit": ("activities", {"activity.activity_type": ("web_visit",)}),
    "page": ("activities", {"activity.activity_type": ("web_visit",)}),
    "pages": ("activities", {"activity.activity_type": ("web_visit",)}),
    "filled in": ("activities", {"activity.activity_type": ("form_submission",)}),
    "filled out": ("activities", {"activity.activity_type": ("form_submission",)}),
    "fill in": ("activities", {"activity.activity_type": ("form_submission",)}),
    "fill out": ("activities", {"activity.activity_type": ("form_submission",)}),
    "visits": ("activities", {"activity.activity_type": ("web_visit",)}),
    "page views": ("activities", {"activity.activity_type": ("web_visit",)}),
    "contacted": ("activities", {}),
    "reached out to": ("activities", {}),
    "reached": ("activities", {}),
    "touched": ("activities", {}),
    "touchpoint": ("activities", {}),
    "touchpoints": ("activities", {}),
    "engaged with": ("activities", {}),
    "interaction": ("activities", {}),
    "interactions": ("activities", {}),
    "activity": ("activities", {}),
    "activities": ("activities", {}),
    "spoke with": ("activities", {"activity.activity_type": ("call", "meeting")}),
    "spoken to": ("activities", {"activity.activity_type": ("call", "meeting")}),
    "spoke to": ("activities", {"activity.activity_type": ("call", "meeting")}),
    "talked to": ("activities", {"activity.activity_type": ("call", "meeting")}),
    "talked with": ("activities", {"activity.activity_type": ("call", "meeting")}),
    "bought": ("opportunities", {"opportunity.is_won": ("true",)}),
    # "from us" is the seller, not the United States
    "bought from us": ("opportunities", {"opportunity.is_won": ("true",)}),
    "buy from us": ("opportunities", {"opportunity.is_won": ("true",)}),
    "bought anything from us": ("opportunities", {"opportunity.is_won": ("true",)}),
    "purchased from us": ("opportunities", {"opportunity.is_won": ("true",)}),
    "purchase from us": ("opportunities", {"opportunity.is_won": ("true",)}),
    "buy": ("opportunities", {"opportunity.is_won": ("true",)}),
    "buying": ("opportunities", {"opportunity.is_won": ("true",)}),
    "purchased": ("opportunities", {"opportunity.is_won": ("true",)}),
    "purchase": ("opportunities", {"opportunity.is_won": ("true",)}),
    "purchases": ("opportunities", {"opportunity.is_won": ("true",)}),
    "made a purchase": ("opportunities", {"opportunity.is_won": ("true",)}),
    "paid": ("opportunities", {"opportunity.is_won": ("true",)}),
    "converted": ("opportunities", {"opportunity.is_won": ("true",)}),
    "won deal": ("opportunities", {"opportunity.is_won": ("true",)}),
    "won deals": ("opportunities", {"opportunity.is_won": ("true",)}),
    "closed a deal": ("opportunities", {"opportunity.is_won": ("true",)}),
    "closed deal": ("opportunities", {"opportunity.is_closed": ("true",)}),
    "closed deals": ("opportunities", {"opportunity.is_closed": ("true",)}),
    "open deal": ("opportunities", {"opportunity.is_closed": ("false",)}),
    "open deals": ("opportunities", {"opportunity.is_closed": ("false",)}),
    "open opportunity": ("opportunities", {"opportunity.is_closed": ("false",)}),
    "open opportunities": ("opportunities", {"opportunity.is_closed": ("false",)}),
    "open opps": ("opportunities", {"opportunity.is_closed": ("false",)}),
    "open opp": ("opportunities", {"opportunity.is_closed": ("false",)}),
    "active deal": ("opportunities", {"opportunity.is_closed": ("false",)}),
    "active deals": ("opportunities", {"opportunity.is_closed": ("false",)}),
    "active opportunity": ("opportunities", {"opportunity.is_closed": ("false",)}),
    "active opportunities": ("opportunities", {"opportunity.is_closed": ("false",)}),
    "in the pipeline": ("opportunities", {"opportunity.is_closed": ("false",)}),
    "pipeline": ("opportunities", {"opportunity.is_closed": ("false",)}),
    "lost deal": ("opportunities", {"opportunity.stage": ("Closed Lost",)}),
    "lost deals": ("opportunities", {"opportunity.stage": ("Closed Lost",)}),
    "new deal": ("opportunities", {}),
    "new deals": ("opportunities", {}),
    "new opportunity": ("opportunities", {}),
    "new opportunities": ("opportunities", {}),
    "new opps": ("opportunities", {}),
    "deal": ("opportunities", {}),
    "deals": ("opportunities", {}),
    "opportunity": ("opportunities", {}),
    "opportunities": ("opportunities", {}),
    "opp": ("opportunities", {}),
    "opps": ("opportunities", {}),
    "tagged": ("tags", {}),
    "tagged as": ("tags", {}),
    "tagged with": ("tags", {}),
    "labelled": ("tags", {}),
    "labeled": ("tags", {}),
    "labelled as": ("tags", {}),
    "labeled as": ("tags", {}),
    "with tag": ("tags", {}),
    "with the tag": ("tags", {}),
    "with a tag": ("tags", {}),
    "tag": ("tags", {}),
    "tags": ("tags", {}),
}
# The free-text field that says what a related record was about: "visited the pricing
# page" is a web visit whose subject contains "pricing".
TOPIC_FIELDS = {"activities": "activity.subject"}
# Other readings of relation words, offered as alternatives: phrase → (label, relation, where).
RELATION_ALTERNATIVES: dict[str, tuple[str, str, dict[str, tuple[str, ...]]]] = {
    "contacted": (
        "contacted by a call, email or meeting only",
        "activities",
        {"activity.activity_type": ("call", "email", "meeting")},
    ),
    "reached out to": (
        "contacted by a call, email or meeting only",
        "activities",
        {"activity.activity_type": ("call", "email", "meeting")},
    ),
    "touched": (
        "contacted by a call, email or meeting only",
        "activities",
        {"activity.activity_type": ("call", "email", "meeting")},
    ),
}
# Words that are conditions in themselves: phrase → (field, op, value, label).
CONDITION_WORDS: dict[str, tuple[str, str, object]] = {
    "unassigned": ("owner.name", "is_not_set", None),
    "ownerless": ("owner.name", "is_not_set", None),
    "without an owner": ("owner.name", "is_not_set", None),
    "with no owner": ("owner.name", "is_not_set", None),
    "no owner": ("owner.name", "is_not_set", None),
    "not assigned": ("owner.name", "is_not_set", None),
    "has an owner": ("owner.name", "is_set", None),
    "have an owner": ("owner.name", "is_set", None),
    "assigned": ("owner.name", "is_set", None),
    "emailable": ("contact.email_opt_out", "is_false", None),
    "mailable": ("contact.email_opt_out", "is_false", None),
    "marketable": ("contact.email_opt_out", "is_false", None),
    "opted in": ("contact.email_opt_out", "is_false", None),
    "opted-in": ("contact.email_opt_out", "is_false", None),
    "subscribed": ("contact.email_opt_out", "is_false", None),
    "can be emailed": ("contact.email_opt_out", "is_false", None),
    "can receive email": ("contact.email_opt_out", "is_false", None),
    "can receive emails": ("contact.email_opt_out", "is_false", None),
    "opt out": ("contact.email_opt_out", "is_true", None),
    "opted out": ("contact.email_opt_out", "is_true", None),
    "opt-outs": ("contact.email_opt_out", "is_true", None),
    "opt outs": ("contact.email_opt_out", "is_true", None),
    "opted-out": ("contact.email_opt_out", "is_true", None),
    "opted out of email": ("contact.email_opt_out", "is_true", None),
    "opted out of emails": ("contact.email_opt_out", "is_true", None),
    "opted out of marketing emails": ("contact.email_opt_out", "is_true", None),
    "opted out of marketing": ("contact.email_opt_out", "is_true", None),
    "opt out of email": ("contact.email_opt_out", "is_true", None),
    "opt out of emails": ("contact.email_opt_out", "is_true", None),
    "opted-out of email": ("contact.email_opt_out", "is_true", None),
    "opted-out of emails": ("contact.email_opt_out", "is_true", None),
    "unsubscribes": ("contact.email_opt_out", "is_true", None),
    "unaffiliated": ("account.name", "is_not_set", None),
    "without an account": ("account.name", "is_not_set", None),
    "without a company": ("account.name", "is_not_set", None),
    "no account": ("account.name", "is_not_set", None),
    "with an account": ("account.name", "is_set", None),
    "inactive owner": ("owner.is_active", "is_false", None),
    "inactive owners": ("owner.is_active", "is_false", None),
    "inactive rep": ("owner.is_active", "is_false", None),
    "inactive reps": ("owner.is_active", "is_false", None),
    "active owner": ("owner.is_active", "is_true", None),
    "active owners": ("owner.is_active", "is_true", None),
    "active rep": ("owner.is_active", "is_true", None),
}
# NPS groups, when the catalog has an NPS score field.
NPS_WORDS = {
    "promoters": ("gte", 9), "promoter": ("gte", 9), "detractors": ("lte", 6),
    "detractor": ("lte", 6), "passives": ("between", (7, 8)), "passive": ("between", (7, 8)),
}  # fmt: skip
NPS_FIELDS = ("contact.custom.nps", "contact.nps")
# Words that point a date at another date field of the related records than their
# timestamp: "deals closed won this year" is about the close date.
DATE_FIELD_WORDS = {
    "opportunity.close_date": ("closed", "closing", "close", "closes", "won", "lost")
}
# "last" before a relation: the most recent such record ("last contacted over 6 months ago").
LATEST_WORDS = ("last", "latest", "most recent", "most recently", "last time")
# The size reading of "enterprise" and "large companies" (the tier is the default).
SIZE_WORDS = {
    phrase: ("account.employee_count", "gte", 1000, "1,000 or more employees")
    for phrase in (
        "enterprise", "large company", "large companies", "large account", "large accounts",
        "large business", "large businesses", "large organisations", "large organizations",
        "large firms", "big companies", "big company", "big accounts",
    )
}  # fmt: skip
# Words that describe how engaged a person is, each a documented default with
# alternatives: phrase → (field, op, value, label).
STATE_WORDS = {
    "engaged": ("contact.behavior_score", "gte", 50, "Overall Behavior Score of 50 or more"),
    "highly engaged": ("contact.behavior_score", "gte", 50, "Overall Behavior Score of 50 or more"),
}
# Words that mean records of a relation *recently* (the "recently" window, 30 days by
# default, 7 or 90 as alternatives): phrase → (relation, {field: values}, rank, label).
RECENT_RELATION_WORDS: dict[str, tuple[str, dict[str, tuple[str, ...]], float, str]] = {
    "active": ("activities", {}, 0.0, "has an activity recently"),
    "engaged": (
        "email_events",
        {"email_event.event_type": ("open", "click")},
        3.0,
        "opened or clicked an email recently",
    ),
    "highly engaged": (
        "email_events",
        {"email_event.event_type": ("open", "click")},
        3.0,
        "opened or clicked an email recently",
    ),
}

# Nationality adjectives: "French companies" are in France (the language is the alternative).
DEMONYMS = {
    "american": "United States", "canadian": "Canada", "british": "United Kingdom",
    "english": "United Kingdom", "german": "Germany", "french": "France", "spanish": "Spain",
    "italian": "Italy", "dutch": "Netherlands", "swedish": "Sweden", "australian": "Australia",
    "japanese": "Japan", "indian": "India", "brazilian": "Brazil", "mexican": "Mexico",
    "singaporean": "Singapore", "irish": "Ireland", "portuguese": "Portugal",
    "swiss": "Switzerland",
    "austrian": "Austria", "belgian": "Belgium", "danish": "Denmark", "norwegian": "Norway",
    "finnish": "Finland", "polish": "Poland", "chinese": "China", "korean": "South Korea",
}  # fmt: skip
# Words before a value that point at one field: "speaks German" is the language.
FIELD_CONTEXT_WORDS = {
    "tag.name": ("tagged", "tag", "tags", "labelled", "labeled", "label"),
    "contact.custom.preferred_language": (
        "speak",
        "speaks",
        "speaking",
        "speakers",
        "language",
        "languages",
        "prefer",
        "prefers",
    ),
}
# Regions as lists of countries; only countries the catalog knows are used.
REGIONS: dict[str, tuple[str, ...]] = {
    "EMEA": (
        "United Kingdom", "Germany", "France", "Spain", "Italy", "Netherlands", "Sweden",
        "Norway", "Denmark", "Finland", "Iceland", "Ireland", "Belgium", "Luxembourg",
        "Switzerland", "Austria", "Portugal", "Poland", "Czech Republic", "Czechia",
        "Slovakia", "Hungary", "Romania", "Bulgaria", "Greece", "Croatia", "Slovenia",
        "Serbia", "Estonia", "Latvia", "Lithuania", "Ukraine", "Cyprus", "Malta", "Turkey",
        "Israel", "United Arab Emirates", "Saudi Arabia", "Qatar", "Kuwait", "Bahrain", "Oman",
        "Jordan", "Lebanon", "Egypt", "South Africa", "Nigeria", "Kenya", "Morocco", "Ghana",
        "Tunisia", "Algeria", "Ethiopia",
    ),
    "Europe": (
        "United Kingdom", "Germany", "France", "Spain", "Italy", "Netherlands", "Sweden",
        "Norway", "Denmark", "Finland", "Iceland", "Ireland", "Belgium", "Luxembourg",
        "Switzerland", "Austria", "Portugal", "Poland", "Czech Republic", "Czechia",
        "Slovakia", "Hungary", "Romania", "Bulgaria", "Greece", "Croatia", "Slovenia",
        "Serbia", "Estonia", "Latvia", "Lithuania", "Ukraine", "Cyprus", "Malta",
    ),
    "North America": ("United States", "Canada"),
    "APAC": (
        "Australia", "New Zealand", "Japan", "China", "India", "Singapore", "South Korea",
        "Korea", "Hong Kong", "Taiwan", "Indonesia", "Malaysia", "Philippines", "Thailand",
        "Vietnam",
    ),
    "LATAM": (
        "Mexico", "Brazil", "Argentina", "Chile", "Colombia", "Peru", "Uruguay", "Venezuela",
        "Ecuador", "Costa Rica", "Panama",
    ),
    "DACH": ("Germany", "Austria", "Switzerland"),
    "Nordics": ("Sweden", "Norway", "Denmark", "Finland", "Iceland"),
    "Benelux": ("Belgium", "Netherlands", "Luxembourg"),
}  # fmt: skip
REGION_WORDS = {
    "emea": "EMEA", "europe": "Europe", "european": "Europe", "eu": "Europe",
    "north america": "North America", "north american": "North America", "na": "North America",
    "apac": "APAC", "asia pacific": "APAC", "asia-pacific": "APAC", "asia": "APAC",
    "latam": "LATAM", "latin america": "LATAM", "south america": "LATAM",
    "dach": "DACH", "nordics": "Nordics", "nordic": "Nordics", "scandinavia": "Nordics",
    "benelux": "Benelux",
}  # fmt: skip

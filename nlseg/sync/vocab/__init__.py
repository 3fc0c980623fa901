"""Vocabularies and weights of the demo CRM (DESIGN section 3), as one flat namespace.

Plain data only, grouped by what it describes (``geography``, ``companies``, ``people``,
``marketing``) and gathered here so that callers write ``vocab.COUNTRIES`` without knowing
the group. Every list is ordered (never a set) so that sampling from it with a seeded
``random.Random`` gives the same values on every machine. Weights are integers.
"""

# Star imports on purpose: this module only gathers the groups' names (none collide).
from nlseg.sync.vocab.companies import *  # noqa: F403
from nlseg.sync.vocab.geography import *  # noqa: F403
from nlseg.sync.vocab.marketing import *  # noqa: F403
from nlseg.sync.vocab.people import *  # noqa: F403

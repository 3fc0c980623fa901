"""The sales team: owners by region and segment, and who owns what when nobody else does."""

from __future__ import annotations

import random
from collections.abc import Iterator

from nlseg.sync import vocab as v
from nlseg.sync.demo.names import Names, unique
from nlseg.sync.demo.setting import Pick, Setting

OWNER_COLS = ("id", "external_id", "name", "email", "region", "team", "is_active")


class Owners:
    """Generates ``owners``; later tables draw owners from the teams filled here."""

    def __init__(self, setting: Setting, names: Names) -> None:
        self.setting = setting
        self.names = names
        self.by_region: dict[str, list[int]] = {r: [] for r in v.REGIONS}
        self.by_team: dict[tuple[str, str], list[int]] = {}  # (region, segment) -> ids
        self.active: list[int] = []

    def in_region(self, rng: random.Random, country: str | None) -> int:
        """Any owner of the country's region (any active owner without a country)."""
        if country is None:
            return rng.choice(self.active)
        return rng.choice(self.by_region[v.REGION_OF_COUNTRY[country]])

    def rows(self) -> Iterator[tuple]:
        rng = self.setting.rng("owners")
        wanted = max(8, round(self.setting.n_contacts / 250))
        region_weight = {r: 0 for r in v.REGIONS}
        for country, weight in zip(v.COUNTRIES, v.COUNTRY_WEIGHTS, strict=True):
            region_weight[v.REGION_OF_COUNTRY[country]] += weight
        total = sum(region_weight.values())
        locals_taken: set[str] = set()
        rows: list[list] = []
        for region in v.REGIONS:
            countries = [c for c in v.COUNTRIES if v.REGION_OF_COUNTRY[c] == region]
            pick_country = Pick(
                countries, [v.COUNTRY_WEIGHTS[v.COUNTRIES.index(c)] for c in countries]
            )
            for j in range(max(2, round(wanted * region_weight[region] / total))):
                owner_id = len(rows) + 1
                segment = v.OWNER_SEGMENTS[j % len(v.OWNER_SEGMENTS)]
                (first, fslug), (last, lslug) = self.names.person(rng, pick_country(rng))
                local = unique(locals_taken, f"{fslug}.{lslug}")
                # The first owner of each region stays active; about 12% of the rest left.
                active = j == 0 or rng.random() >= 0.12
                self.by_region[region].append(owner_id)
                self.by_team.setdefault((region, segment), []).append(owner_id)
                rows.append(
                    [
                        owner_id,
                        f"005{owner_id:012d}",
                        f"{first} {last}",
                        f"{local}@{v.OWNER_DOMAIN}",
                        region,
                        f"{region} {segment}",
                        active,
                    ]
                )
        if all(row[-1] for row in rows):  # always some owners who have left
            rows[-1][-1] = False
        for row in rows:
            if row[-1]:
                self.active.append(row[0])
            yield tuple(row)

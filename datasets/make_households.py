"""Generate the course's illustrative region and its synthetic household population.

ILLUSTRATIVE DATA. Nothing here describes a real place or real people: the
region ("Valle Verde"), its twelve municipalities and every household are made
up for teaching survey design (Module 6 and assignment A3). The numbers are
chosen to behave like an origin region with strong emigration, so that the
exercises have something to find, not to match any statistics.

Run it from the repository root; it is seeded, so the same seed always gives
the same files (they are committed, and the tests check the truth file against
the population):

    .venv/bin/python datasets/make_households.py            # seed 2024
    .venv/bin/python datasets/make_households.py --seed 7 --out /tmp/x

It writes three CSV files, described in ``datasets/datapackage.json``:

``region_municipalities.csv``
    one row per municipality: its stratum (city, town, rural) and how many
    households and people it has.
``region_households.csv``
    one row per household (about 20,700): the municipality and stratum, the
    distance to the municipal centre, household size, the household's
    reference person (sex, age, age group, migration status), the number of
    household members living abroad, whether the household receives
    remittances and how much a month (in illustrative currency units), and
    whether it is in contact with a migrant or diaspora association.
``region_truth.csv``
    the population values (the "known truth") of the indicators the bias
    exercises estimate: one row per indicator, one column for the whole
    region ("all") and one for each stratum. Because the
    population is complete, any sample's estimate can be compared with them.

How households are drawn, in words (the code below follows it line by line):

- the chance that a household has a member abroad rises from the city (15 %)
  to the towns (22 %) and the rural municipalities (30 %), and is higher
  when the reference person is a returned migrant;
- a household with a member abroad has 1 + Poisson(0.4) members abroad and
  receives remittances with probability 0.75 (0.02 without anyone abroad);
  the monthly amount is log-normal around 200 units;
- contact with a migrant association is far more likely for households with
  someone abroad and for migrants and returnees: this is what makes a sample
  recruited through associations (a convenience sample) biased;
- distance to the municipal centre is exponential (mean 1.5 km in the city,
  3 km in towns, 6 km in rural municipalities) and independent of migration,
  so recruiting near the town hall biases estimates through the strata mix
  and through who comes to the centre, not through distance itself.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

DEFAULT_SEED = 2024
HERE = Path(__file__).resolve().parent

# (municipality_id, name, stratum, households). The names are invented.
MUNICIPALITIES = [
    ("VV01", "Puerto Alto", "city", 6000),
    ("VV02", "San Aurelio", "city", 4500),
    ("VV03", "Los Cedros", "town", 2000),
    ("VV04", "Santa Lucía del Río", "town", 1800),
    ("VV05", "El Mirador", "town", 1500),
    ("VV06", "Tres Puentes", "town", 1200),
    ("VV07", "La Esperanza", "rural", 900),
    ("VV08", "Arroyo Seco", "rural", 800),
    ("VV09", "Piedra Blanca", "rural", 700),
    ("VV10", "Monte Claro", "rural", 600),
    ("VV11", "Las Lomas", "rural", 450),
    ("VV12", "Agua Fría", "rural", 250),
]
ABROAD_PREVALENCE = {"city": 0.15, "town": 0.22, "rural": 0.30}
MEAN_DISTANCE_KM = {"city": 1.5, "town": 3.0, "rural": 6.0}
# Migration status of the reference person, by stratum: non-migrant, internal
# migrant, international migrant (born abroad), returned migrant.
STATUSES = ["non_migrant", "internal_migrant", "international_migrant", "returned_migrant"]
STATUS_SHARES = {
    "city": [0.70, 0.18, 0.07, 0.05],
    "town": [0.80, 0.10, 0.03, 0.07],
    "rural": [0.84, 0.05, 0.01, 0.10],
}
AGE_BINS = [18, 30, 45, 60, 200]
AGE_GROUPS = ["18-29", "30-44", "45-59", "60+"]


def age_group(age: np.ndarray) -> np.ndarray:
    """The course's age groups (18-29, 30-44, 45-59, 60+) for ages in years."""
    return np.array(AGE_GROUPS, dtype=object)[np.digitize(age, AGE_BINS[1:-1])]


def generate(seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """The three illustrative tables, drawn with a seeded random generator."""
    rng = np.random.default_rng(seed)
    frames = []
    for muni_id, _name, stratum, count in MUNICIPALITIES:
        status = rng.choice(STATUSES, size=count, p=STATUS_SHARES[stratum])
        returned = status == "returned_migrant"
        p_abroad = np.where(returned, min(0.9, ABROAD_PREVALENCE[stratum] * 2), ABROAD_PREVALENCE[stratum])
        has_abroad = rng.random(count) < p_abroad
        members_abroad = np.where(has_abroad, 1 + rng.poisson(0.4, count), 0)
        receives = rng.random(count) < np.where(has_abroad, 0.75, 0.02)
        amount = np.where(receives, np.round(rng.lognormal(np.log(200), 0.6, count)), 0).astype(int)
        # Spouses and parents left behind are more often women: the reference
        # person of a household with someone abroad is a woman more often.
        female = rng.random(count) < np.where(has_abroad, 0.62, 0.50)
        age = np.clip(np.round(rng.normal(46, 15, count)), 18, 90).astype(int)
        migrant = np.isin(status, ["international_migrant", "returned_migrant"])
        contact = rng.random(count) < 0.04 + 0.36 * has_abroad + 0.20 * migrant
        distance = np.round(rng.exponential(MEAN_DISTANCE_KM[stratum], count) + 0.1, 1)
        # Members abroad are not counted among the residents of the household.
        size = 1 + rng.poisson(3.0, count)
        frames.append(pd.DataFrame({
            "municipality_id": muni_id,
            "stratum": stratum,
            "distance_to_centre_km": distance,
            "household_size": size,
            "respondent_sex": np.where(female, "female", "male"),
            "respondent_age": age,
            "age_group": age_group(age),
            "migration_status": status,
            "members_abroad": members_abroad,
            "receives_remittances": receives,
            "remittances_monthly": amount,
            "association_contact": contact,
        }))
    households = pd.concat(frames, ignore_index=True)
    households.insert(0, "household_id", [f"H{i:05d}" for i in range(1, len(households) + 1)])

    municipalities = pd.DataFrame(MUNICIPALITIES, columns=["municipality_id", "name", "stratum", "households"])
    people = households.groupby("municipality_id")["household_size"].sum()
    municipalities["residents"] = municipalities["municipality_id"].map(people).astype(int)
    return {
        "region_municipalities": municipalities,
        "region_households": households,
        "region_truth": known_truth(households),
    }


def known_truth(households: pd.DataFrame) -> pd.DataFrame:
    """Population values of the indicators that the bias exercises estimate.

    One row per indicator; one column for the whole region and one per stratum.
    """
    indicators = {
        "share_with_member_abroad": lambda h: (h["members_abroad"] > 0).mean(),
        "share_receiving_remittances": lambda h: h["receives_remittances"].astype(bool).mean(),
        "mean_monthly_remittances": lambda h: h["remittances_monthly"].mean(),
        "share_international_migrant": lambda h: (h["migration_status"] == "international_migrant").mean(),
    }
    groups = [("all", households)] + [(s, households[households["stratum"] == s]) for s in ABROAD_PREVALENCE]
    rows = [{"indicator": indicator, **{area: round(float(compute(part)), 6) for area, part in groups}}
            for indicator, compute in indicators.items()]
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)")
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write the CSV files to")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, frame in generate(args.seed).items():
        path = args.out / f"{name}.csv"
        frame.to_csv(path, index=False, lineterminator="\n")
        print(f"{path}: {len(frame)} rows")


if __name__ == "__main__":
    main()

"""Generate large synthetic corridor networks (illustrative) for benchmarks and tests.

A national association of local authorities may have thousands of members on
each side of its migration corridors. No real data of that size exists for the
course, so this seeded generator makes some: ``n_homes`` home territories, each
with corridors to ``corridors_per_home`` of ``n_partners`` candidate territories,
values on the five criteria of the guidelines, and a capacity (how many
partnerships each territory can sustain). Every value is ILLUSTRATIVE and the
same seed always gives the same network.

The outputs are large and are not committed: the benchmark generates them in
memory; to look at one, write it to a folder of your choice:

    python datasets/make_network.py --homes 3000 --partners 3000 --out /tmp/network
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

CRITERIA = ("migrant_group", "associations", "dc_experience", "resources", "proximity")


def make_candidates(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` illustrative candidate partners with values on the five criteria."""
    rng = np.random.default_rng(seed)
    width = len(str(max(n - 1, 1)))
    return pd.DataFrame({
        "partner": [f"P{i:0{width}d}" for i in range(n)],
        # Migrant groups are skewed: a few large diasporas, many small ones.
        "migrant_group": np.round(rng.lognormal(mean=7.0, sigma=1.2, size=n)).astype(int),
        "associations": rng.poisson(2.0, size=n),
        "dc_experience": rng.integers(0, 21, size=n),
        "resources": rng.integers(0, 11, size=n),
        "proximity": rng.integers(0, 11, size=n),
    })


def make_network(n_homes: int = 3000, n_partners: int = 3000, corridors_per_home: int = 10,
                 max_capacity: int = 3, seed: int = 0) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """A random corridor network: (corridors, home capacities, partner capacities).

    ``corridors`` has one row per (home, partner) pair with the five criteria.
    Each home has ``corridors_per_home`` distinct partners; capacities are
    whole numbers from 1 to ``max_capacity``.
    """
    rng = np.random.default_rng(seed)
    k = min(corridors_per_home, n_partners)
    hw, pw = len(str(max(n_homes - 1, 1))), len(str(max(n_partners - 1, 1)))
    homes = np.array([f"H{i:0{hw}d}" for i in range(n_homes)], dtype=object)
    partners = np.array([f"P{i:0{pw}d}" for i in range(n_partners)], dtype=object)
    # k distinct partners per home: the k smallest of random keys (vectorised sampling without replacement).
    picks = np.argpartition(rng.random((n_homes, n_partners)), k - 1, axis=1)[:, :k] if k < n_partners \
        else np.tile(np.arange(n_partners), (n_homes, 1))
    home_idx = np.repeat(np.arange(n_homes), k)
    partner_idx = picks.reshape(-1)
    m = len(home_idx)
    corridors = pd.DataFrame({
        "home": homes[home_idx],
        "partner": partners[partner_idx],
        "migrant_group": np.round(rng.lognormal(mean=6.0, sigma=1.3, size=m)).astype(int),
        "associations": rng.poisson(1.5, size=m),
        "dc_experience": rng.integers(0, 21, size=m),
        "resources": rng.integers(0, 11, size=m),
        "proximity": rng.integers(0, 11, size=m),
    })
    home_capacity = pd.Series(rng.integers(1, max_capacity + 1, size=n_homes), index=homes, name="capacity")
    partner_capacity = pd.Series(rng.integers(1, max_capacity + 1, size=n_partners), index=partners, name="capacity")
    return corridors, home_capacity, partner_capacity


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--homes", type=int, default=3000)
    parser.add_argument("--partners", type=int, default=3000)
    parser.add_argument("--corridors-per-home", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True, help="folder to write corridors.csv and capacities.csv into")
    args = parser.parse_args()
    corridors, home_cap, partner_cap = make_network(args.homes, args.partners, args.corridors_per_home, seed=args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    corridors.to_csv(args.out / "network_corridors.csv", index=False)
    pd.concat([home_cap.rename_axis("territory").reset_index().assign(side="home"),
               partner_cap.rename_axis("territory").reset_index().assign(side="partner")]
              ).to_csv(args.out / "network_capacities.csv", index=False)
    print(f"wrote {len(corridors)} corridors to {args.out}")


if __name__ == "__main__":
    main()

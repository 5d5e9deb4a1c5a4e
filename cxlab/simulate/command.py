"""``python -m cxlab.simulate``: write every dataset, and refresh the data card's tables."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from cxlab.simulate.card import effects_table, update_card
from cxlab.simulate.draws import DEFAULT_SEED, checked_arguments
from cxlab.simulate.output import write_frames


def repository_datasets() -> Path:
    """The repository's ``datasets/`` folder, next to the package (``cxlab/simulate/`` -> ``datasets/``)."""
    return Path(__file__).resolve().parents[2] / "datasets"


def main(argv: list[str] | None = None) -> int:
    """``python -m cxlab.simulate``: write every dataset (and refresh the data card's tables)."""
    parser = argparse.ArgumentParser(
        prog="python -m cxlab.simulate",
        description="Simulate the Harbor Bank datasets (fictional) and write them as CSV files.",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="multiply the rows of the surveys, visits, complaints and queue log (default 1)",
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="folder to write to (default: the repository's datasets/)"
    )
    parser.add_argument(
        "--update-card", action="store_true", help="also rewrite the generated tables in <out>/README.md"
    )
    parser.add_argument(
        "--effects", action="store_true", help="print the realised true effects after writing"
    )
    args = parser.parse_args(argv)
    from cxlab.simulate import generate  # the package imports this module: import on use
    try:
        checked_arguments(args.seed, args.scale)
    except ValueError as error:
        parser.exit(2, f"error: {error}\n")
    out = args.out or repository_datasets()
    began = time.perf_counter()
    frames = generate(args.seed, args.scale)
    simulated = time.perf_counter() - began
    for name, path in write_frames(frames, out).items():
        print(f"{name:<16} {len(frames[name]):>10,} rows {path.stat().st_size:>13,} bytes  {path}")
    print(
        f"simulated in {simulated:.1f} s, written in {time.perf_counter() - began - simulated:.1f} s "
        f"(seed {args.seed}, scale {args.scale:g})"
    )
    if args.update_card:
        readme = out / "README.md"
        if not readme.is_file():
            parser.exit(
                1,
                f"error: {readme} not found; --update-card rewrites the tables of an existing data card\n",
            )
        found = update_card(readme, frames)
        print(f"updated {len(found)} generated blocks in {readme}")
    if args.effects:
        print(effects_table(frames))
    return 0


#!/usr/bin/python3
"""Rank the optimizers of an optbench results file and plot their loss curves.

    scripts/analysis_example.py RESULTS.h5 [-o plot.png]

Reads a results file (layout version 1, see docs/hdf5-layout.md) with h5py into two tidy
pandas DataFrames, one row per run and one row per logged step. For every problem instance
it then
  * picks each optimizer's best configuration: the lowest median final loss across seeds,
    counting runs that did not complete as +inf, as `optbench run` does;
  * plots that configuration's median loss curve across seeds, with the 25-75 % band, on a
    log-scale y axis (one subplot per problem);
and it prints the ranking table. The plot is saved as a PNG (default: RESULTS-loss.png).

Needs h5py, pandas and matplotlib: Debian's python3-h5py, python3-pandas and
python3-matplotlib (scripts/setup installs them). Run it with /usr/bin/python3.
"""

import argparse
import math
import os

import h5py
import matplotlib

matplotlib.use("Agg")  # render to a file; no display needed
import matplotlib.pyplot as plt  # noqa: E402  (must follow matplotlib.use)
from matplotlib.ticker import LogFormatterSciNotation  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------

def split_run_id(run_id):
    """'rosenbrock(dim=2)/adam(lr=0.01)/seed=3' -> ('rosenbrock(dim=2)', 'adam(lr=0.01)', 3).

    The run id has three parts separated by the two '/' that are outside parentheses.
    """
    depth, cuts = 0, []
    for i, c in enumerate(run_id):
        depth += (c == "(") - (c == ")")
        if c == "/" and depth == 0:
            cuts.append(i)
    problem, optimizer, seed = run_id[:cuts[0]], run_id[cuts[0] + 1:cuts[1]], run_id[cuts[1] + 1:]
    return problem, optimizer, int(seed.removeprefix("seed="))


def load(path):
    """One row per run (`runs`) and one row per logged step of every run (`curves`)."""
    runs, curves = [], []
    with h5py.File(path, "r") as f:
        if f.attrs.get("optbench_format") != 1:
            raise SystemExit(f"{path}: not an optbench results file of layout version 1")
        for group in f["runs"].values():  # /runs/000000, ... in grid order (may have gaps)
            a = group.attrs  # strings read as str, numbers as numpy scalars
            problem, configuration, _ = split_run_id(a["run_id"])
            runs.append({
                "run_id": a["run_id"],
                "problem": problem,              # the problem instance, e.g. quadratic(dim=10,...)
                "optimizer": a["optimizer"],     # the catalog name, e.g. adam
                "configuration": configuration,  # the optimizer instance, e.g. adam(lr=0.03)
                "seed": int(a["seed"]),
                "status": a["status"],
                "final_loss": float(a["final_loss"]),
                "steps_to_target": int(a["steps_to_target"]),
                "target": float(a.get("target", math.nan)),  # NaN: no target
            })
            curves.append(pd.DataFrame({"run_id": a["run_id"], "step": group["step"][:], "loss": group["loss"][:]}))
    if not runs:
        raise SystemExit(f"{path}: the file holds no runs")
    runs = pd.DataFrame(runs)
    runs["steps_to_target"] = runs["steps_to_target"].where(runs["steps_to_target"] >= 0)  # -1 -> NaN
    return runs, pd.concat(curves, ignore_index=True)


# --------------------------------------------------------------------------------------------
# Ranking
# --------------------------------------------------------------------------------------------

def rank(runs):
    """Each optimizer's best configuration per problem, best first within each problem."""
    # A run that diverged (or did not complete) scores +inf, so it counts against its
    # configuration instead of silently dropping out of the median.
    completed = (runs["status"] == "completed") & np.isfinite(runs["final_loss"])
    runs = runs.assign(score=runs["final_loss"].where(completed, math.inf))
    with np.errstate(invalid="ignore"):  # quantiles between two infs compute inf - inf
        per_config = runs.groupby(["problem", "optimizer", "configuration"]).agg(
            median=("score", "median"),
            q25=("score", lambda s: s.quantile(0.25)),
            q75=("score", lambda s: s.quantile(0.75)),
            seeds=("score", "size"),
            not_completed=("status", lambda s: int((s != "completed").sum())),
            reached=("steps_to_target", "count"),
            median_steps=("steps_to_target", "median"),
        ).reset_index()
    per_config[["median", "q25", "q75"]] = per_config[["median", "q25", "q75"]].fillna(math.inf)  # ... is inf
    # Best configuration = lowest median score (ties: the configuration that sorts first).
    per_config = per_config.sort_values(["problem", "optimizer", "median", "configuration"])
    best = per_config.groupby(["problem", "optimizer"], as_index=False).first()
    # Problems in the suite's order (the order of the runs), optimizers by median score.
    order = {problem: i for i, problem in enumerate(dict.fromkeys(runs["problem"]))}
    best = best.assign(order=best["problem"].map(order)).sort_values(["order", "median", "optimizer"]).drop(columns="order")
    best.insert(1, "rank", best.groupby("problem").cumcount() + 1)
    return best


def print_table(best, runs):
    """Prints the ranking, one block per problem."""
    has_target = runs.groupby("problem")["target"].apply(lambda t: t.notna().any())
    for problem, rows in best.groupby("problem", sort=False):
        table = pd.DataFrame({
            "#": rows["rank"],
            "optimizer": rows["optimizer"],
            "best configuration": rows["configuration"],
            "median final loss": [fmt(m) for m in rows["median"]],
            "IQR": [f"[{fmt(a)}, {fmt(b)}]" for a, b in zip(rows["q25"], rows["q75"])],
            "not completed": [f"{n}/{s}" for n, s in zip(rows["not_completed"], rows["seeds"])],
        })
        if has_target[problem]:
            table["reached target"] = [f"{r}/{s}" for r, s in zip(rows["reached"], rows["seeds"])]
            table["median steps"] = [fmt(m) if r else "-" for m, r in zip(rows["median_steps"], rows["reached"])]
        for column in ("optimizer", "best configuration"):  # left-align the names
            width = max(len(column), table[column].str.len().max())
            table[column] = table[column].str.ljust(width)
            table = table.rename(columns={column: column.ljust(width)})
        print(problem)
        print(table.to_string(index=False))
        print()


def fmt(x):
    return "not completed" if x == math.inf else f"{x:.4g}"


def wrap(identity, width):
    """Wraps a long problem identity for a title, breaking only after its commas."""
    lines = [""]
    for piece in identity.replace(",", ",\0").split("\0"):
        if lines[-1] and len(lines[-1]) + len(piece) > width:
            lines.append("")
        lines[-1] += piece
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Curves
# --------------------------------------------------------------------------------------------

def seed_curves(losses, runs):
    """The loss of each run in `runs` (columns) at each logged step (rows), on one step axis.

    `losses` maps a run id to its loss Series indexed by step. Runs of one configuration log
    the same steps, except the last row of a run that stopped early. Such a gap is filled
    with the run's previous value. After a diverged run's last row its loss counts as +inf
    (it never recovers), so the median becomes inf, and the line stops, once half the seeds
    have diverged. Runs that stopped for other reasons just end; a run that failed before its
    first step has no rows and draws nothing.
    """
    columns = {}
    for run in runs.itertuples():
        if run.run_id not in losses:
            continue
        loss = losses[run.run_id]
        loss = loss.where(np.isfinite(loss), math.inf)  # a diverging row may hold nan
        columns[run.run_id] = (loss, run.status == "diverged")
    table = pd.DataFrame({run_id: loss for run_id, (loss, _) in columns.items()}).sort_index()
    for run_id, (loss, diverged) in columns.items():
        last = loss.index.max()
        column = table[run_id].copy()
        column.loc[:last] = column.loc[:last].ffill()
        if diverged:
            column.loc[last:] = math.inf
        table[run_id] = column
    return table


def quantile(table, q):
    """The q-quantile of each row over the seeds present (NaN = absent), inf-aware."""
    with np.errstate(invalid="ignore"):
        result = table.quantile(q, axis=1)
    # Interpolating between two infs gives NaN (inf - inf); the quantile there is inf.
    return result.where(result.notna() | ~np.isinf(table).any(axis=1), math.inf)


def plot(best, runs, curves, output):
    problems = list(dict.fromkeys(best["problem"]))  # in ranking-table order
    optimizers = sorted(best["optimizer"].unique())
    palette = plt.get_cmap("tab10" if len(optimizers) <= 10 else "tab20")
    color = {name: palette(i % palette.N) for i, name in enumerate(optimizers)}  # same color in every subplot

    ncols = min(2, len(problems))
    nrows = math.ceil(len(problems) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(7.0 * ncols, 4.8 * nrows), squeeze=False)

    losses = {run_id: rows.set_index("step")["loss"] for run_id, rows in curves.groupby("run_id", sort=False)}
    for ax, problem in zip(axes.flat, problems):
        plotted = []
        for row in best[best["problem"] == problem].itertuples():
            chosen = runs[(runs["problem"] == problem) & (runs["configuration"] == row.configuration)]
            table = seed_curves(losses, chosen)
            if table.empty:  # every seed failed before its first step: no curve to draw
                continue
            median, low, high = (quantile(table, q) for q in (0.5, 0.25, 0.75))
            shown = median.replace(math.inf, np.nan)  # inf cannot be drawn: the line stops there
            label = row.configuration + (f"  ({row.not_completed}/{row.seeds} not completed)" if row.not_completed else "")
            ax.plot(shown.index, shown.values, color=color[row.optimizer], linewidth=1.6, label=label)
            ax.fill_between(shown.index, low.replace(math.inf, np.nan), high.replace(math.inf, np.nan),
                            color=color[row.optimizer], alpha=0.15, linewidth=0)
            plotted.append(shown.dropna())

        # Log scale when every value is positive; symlog for problems whose minimum is <= 0
        # (styblinski_tang, six_hump_camel) so that nothing silently disappears.
        values = pd.concat(plotted) if plotted else pd.Series(dtype=float)
        if len(values) and (values <= 0).any():
            ax.set_yscale("symlog", linthresh=1.0)
            ax.set_ylabel("loss, median over seeds (symlog)")
        else:
            ax.set_yscale("log")
            # Label some minor ticks too when the curves span less than two decades.
            ax.yaxis.set_minor_formatter(LogFormatterSciNotation(labelOnlyBase=False, minor_thresholds=(2, 0.4)))
            ax.set_ylabel("loss, median over seeds")
        target = runs.loc[runs["problem"] == problem, "target"].dropna()
        if len(target) and target.iloc[0] > 0:
            ax.axhline(target.iloc[0], color="0.4", linestyle="--", linewidth=0.9, label=f"target {target.iloc[0]:g}")
        seeds = runs.loc[runs["problem"] == problem, "seed"].nunique()
        ax.set_title(wrap(problem, 60) + f"\n{seeds} seeds, best configuration per optimizer", fontsize=10)
        ax.set_xlabel("step (updates applied)")
        ax.grid(True, which="major", alpha=0.3)
        if ax.get_legend_handles_labels()[0]:  # nothing to label when every run failed at once
            ax.legend(fontsize=8, loc="best")

    for ax in list(axes.flat)[len(problems):]:  # unused cells of the grid
        ax.set_visible(False)
    fig.suptitle("Median loss curves with 25-75 % band", fontsize=12)
    fig.tight_layout()
    fig.savefig(output, dpi=120)
    plt.close(fig)


# --------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", help="an optbench results file (.h5)")
    parser.add_argument("-o", "--output", help="the PNG to write (default: RESULTS-loss.png)")
    args = parser.parse_args()
    output = args.output or os.path.splitext(args.results)[0] + "-loss.png"

    runs, curves = load(args.results)
    best = rank(runs)
    print_table(best, runs)
    plot(best, runs, curves, output)
    print(f"{len(runs)} runs on {runs['problem'].nunique()} problem instance(s); plot written to {output}")


if __name__ == "__main__":
    main()

"""
PySAL spopt on the instances careshed's siting bench solves: the same matrices, written by `npx tsx bench/siting.ts`
to bench/results/spopt/ (pmed1-10 and a generated n = 900, p = 200 instance as dense cost matrices; the Occitanie
MCLP, every commune a candidate, 8 centres kept, 15 minutes at 45 km/h x 1.5, as pairs within 15 minutes).

    pip install spopt pulp highspy numpy   # spopt >= 0.6; PuLP's HiGHS interface uses highspy
    npx tsx bench/siting.ts                # writes bench/results/spopt/*.csv and careshed.json
    python3 bench/spopt.py [--time-limit 600] [--mclp-p 10,20,50] [--skip-mclp]

For each instance it prints the time to build spopt's model (from_cost_matrix), the time of the solve (HiGHS
through PuLP, native, one thread), the objective, and careshed's figures from the same bench run beside them
(bench/results/spopt/careshed.json), and writes bench/results/spopt/spopt.json.

Not run on this project's machine: only npm and Debian packages are reachable there, and Debian packages neither
spopt nor highspy. Its figures are whatever this script prints where it runs; none are quoted without it.
"""
import argparse
import json
import os
import time

import numpy as np
import pulp
from spopt.locate import MCLP, PMedian

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", "spopt")
# OR-Library optima (pmedopt.txt, Beasley 1990), to check that both find them.
OPTIMA = {1: 5819, 2: 4093, 3: 4250, 4: 3034, 5: 1355, 6: 7824, 7: 5631, 8: 4445, 9: 2734, 10: 1255}
PS = {1: 5, 2: 10, 3: 10, 4: 20, 5: 33, 6: 5, 7: 10, 8: 20, 9: 40, 10: 67}


def solver(time_limit):
    return pulp.HiGHS(msg=False, timeLimit=time_limit, threads=1)


def pmedian(name, costs, p, time_limit):
    weights = np.ones(costs.shape[0])
    t0 = time.perf_counter()
    model = PMedian.from_cost_matrix(costs, weights, p_facilities=p, name=name)
    t1 = time.perf_counter()
    model = model.solve(solver(time_limit))
    t2 = time.perf_counter()
    return {"instance": name, "p": p, "objective": pulp.value(model.problem.objective), "status": pulp.LpStatus[model.problem.status],
            "build_s": t1 - t0, "solve_s": t2 - t1}


def occitanie_mclp(p, time_limit):
    pairs = np.loadtxt(os.path.join(HERE, "occitanie-mclp-pairs.csv"), delimiter=",", skiprows=1)
    demand = np.loadtxt(os.path.join(HERE, "occitanie-mclp-demand.csv"), delimiter=",", skiprows=1, usecols=(0, 2))
    sites = np.loadtxt(os.path.join(HERE, "occitanie-mclp-sites.csv"), delimiter=",", skiprows=1, usecols=(0, 2))
    n, m = demand.shape[0], sites.shape[0]
    t0 = time.perf_counter()
    # spopt takes a dense matrix: pairs beyond 15 minutes (not in the file) are "far".
    costs = np.full((n, m), 1e6)
    costs[pairs[:, 0].astype(int), pairs[:, 1].astype(int)] = pairs[:, 2]
    fixed = sites[:, 1].astype(int)
    model = MCLP.from_cost_matrix(costs, demand[:, 1], service_radius=15, p_facilities=p + int(fixed.sum()),
                                  predefined_facilities_arr=fixed, name=f"occitanie-mclp-{p}")
    t1 = time.perf_counter()
    model = model.solve(solver(time_limit))
    t2 = time.perf_counter()
    return {"instance": f"Occitanie MCLP p = {p}", "p": p, "objective": pulp.value(model.problem.objective),
            "status": pulp.LpStatus[model.problem.status], "build_s": t1 - t0, "solve_s": t2 - t1, "cells": n * m}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--time-limit", type=float, default=600)
    parser.add_argument("--mclp-p", default="10,20,50")
    parser.add_argument("--skip-mclp", action="store_true")
    args = parser.parse_args()
    results = []
    for k in range(1, 11):
        costs = np.loadtxt(os.path.join(HERE, f"pmed{k}.csv"), delimiter=",")
        r = pmedian(f"pmed{k}", costs, PS[k], args.time_limit)
        r["optimum"] = OPTIMA[k]
        results.append(r)
        print(f"{r['instance']}: {r['objective']:.0f} (optimum {OPTIMA[k]}), build {r['build_s']:.2f} s, solve {r['solve_s']:.2f} s, {r['status']}")
    big = os.path.join(HERE, "generated-900-200.csv")
    if os.path.exists(big):
        r = pmedian("generated n = 900, p = 200", np.loadtxt(big, delimiter=","), 200, args.time_limit)
        results.append(r)
        print(f"{r['instance']}: {r['objective']:.0f}, build {r['build_s']:.2f} s, solve {r['solve_s']:.2f} s, {r['status']}")
    if not args.skip_mclp:
        for p in [int(x) for x in args.mclp_p.split(",")]:
            r = occitanie_mclp(p, args.time_limit)
            results.append(r)
            print(f"{r['instance']}: {r['objective']:.0f} covered, build {r['build_s']:.2f} s over {r['cells']} cells, solve {r['solve_s']:.2f} s, {r['status']}")
    careshed = os.path.join(HERE, "careshed.json")
    if os.path.exists(careshed):
        print("\ncareshed, same bench run (bench/results/siting.json has every figure):")
        print(json.dumps(json.load(open(careshed)), indent=1))
    with open(os.path.join(HERE, "spopt.json"), "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()

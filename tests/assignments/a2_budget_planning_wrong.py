"""Plausible wrong answers for assignment A2 (budget planning).

- ``check_rules`` measures the own share against what the own sources *could* give
  (their caps) instead of against the total cost of the plan, and forgets the
  funders' maximum shares: a learner who misreads "share" makes both mistakes.
- ``allocate`` minimises the total of the external funders instead of the largest
  one, so it may load the whole external part on a single donor.
"""

WRONG_ANSWERS = {
    "check_rules": '''def check_rules(lines, sources, allocation, min_own_share=0.2):
    total = float(lines["amount"].sum())
    funded = allocation.groupby("line_id")["amount"].sum().reindex(lines["line_id"], fill_value=0.0)
    balance = bool(np.all(np.abs(funded.to_numpy() - lines["amount"].to_numpy(dtype=float)) <= TOLERANCE))
    given = allocation.groupby("source_id")["amount"].sum().reindex(sources["source_id"], fill_value=0.0)
    own = sources["kind"] == "own_budget"
    own_share = bool(given[sources.loc[own, "source_id"]].sum() >= min_own_share * sources.loc[own, "cap"].sum())
    caps = bool(all(given[s] <= c + TOLERANCE for s, c in zip(sources["source_id"], sources["cap"])))
    category = dict(zip(lines["line_id"], lines["category"]))
    eligible = {s: c.split(";") for s, c in zip(sources["source_id"], sources["eligible_categories"])}
    eligibility = all(category[l] in eligible[s] for l, s in zip(allocation["line_id"], allocation["source_id"]))
    return {"balance": balance, "own_share": own_share, "caps": caps, "eligibility": bool(eligibility)}
''',
    "allocate": '''def allocate(lines, sources, min_own_share=0.2):
    lines = lines.reset_index(drop=True)
    sources = sources.reset_index(drop=True)
    total = float(lines["amount"].sum())
    eligible = [set(c.split(";")) for c in sources["eligible_categories"]]
    pairs = [(i, j) for i in range(len(lines)) for j in range(len(sources)) if lines.loc[i, "category"] in eligible[j]]
    cost = np.array([0.0 if sources.loc[j, "kind"] == "own_budget" else 1.0 for i, j in pairs])
    a_eq = np.zeros((len(lines), len(pairs)))
    for k, (i, j) in enumerate(pairs):
        a_eq[i, k] = 1.0
    a_ub, b_ub = [], []
    own_row = np.zeros(len(pairs))
    for j in range(len(sources)):
        row = np.array([1.0 if jj == j else 0.0 for i, jj in pairs])
        limit = float(sources.loc[j, "cap"])
        if not pd.isna(sources.loc[j, "max_share"]):
            limit = min(limit, float(sources.loc[j, "max_share"]) * total)
        a_ub.append(row)
        b_ub.append(limit)
        if sources.loc[j, "kind"] == "own_budget":
            own_row -= row
    a_ub.append(own_row)
    b_ub.append(-min_own_share * total)
    result = linprog(cost, A_ub=np.array(a_ub), b_ub=np.array(b_ub), A_eq=a_eq,
                     b_eq=lines["amount"].to_numpy(dtype=float), bounds=(0, None), method="highs")
    if result.status != 0:
        return None
    rows = [(lines.loc[i, "line_id"], sources.loc[j, "source_id"], float(result.x[k]))
            for k, (i, j) in enumerate(pairs) if result.x[k] > TOLERANCE]
    return pd.DataFrame(rows, columns=["line_id", "source_id", "amount"])
''',
}

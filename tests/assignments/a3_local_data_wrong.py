"""Plausible wrong answers to A3: the mistakes learners make with survey arithmetic.

- survey_size forgets to round up (rounds to nearest) and applies the response
  rate before the finite population correction;
- proportional_allocation truncates each share, so the total falls short of n;
- weighted_share ignores the weights (a plain mean of respondents);
- suppress_small_cells hides small cells but adds no secondary suppression;
- convenience_bias reports truth minus estimate (the sign flipped).
"""

WRONG_ANSWERS = {
    "survey_size": '''def survey_size(margin, proportion, design_effect, response_rate, population=None, z=1.96):
    n = z ** 2 * proportion * (1 - proportion) / margin ** 2 * design_effect / response_rate
    if population is not None:
        n = n / (1 + (n - 1) / population)
    completed = int(round(n * response_rate))
    return {"completed": completed, "to_contact": int(round(n))}''',
    "proportional_allocation": '''def proportional_allocation(populations, n):
    total = sum(populations.values())
    return {k: int(n * v / total) for k, v in populations.items()}''',
    "weighted_share": '''def weighted_share(sample, column, populations):
    return float(sample.loc[sample["responded"], column].mean())''',
    "suppress_small_cells": '''def suppress_small_cells(table, threshold):
    values = table.astype(float)
    return values.mask((values > 0) & (values < threshold))''',
    "convenience_bias": '''def convenience_bias(sample, column, truth):
    return float(truth - sample[column].mean())''',
}

"""Plausible wrong answers to A1: the mistakes learners make when they first score partners."""

WRONG_ANSWERS = {
    # Forgets the direction: distance is rescaled as if more were better.
    "normalise": '''
def normalise(values, more_is_better=True):
    x = np.asarray(values, dtype=float)
    return (x - x.min()) / (x.max() - x.min())
''',
    # Adds up weighted values without dividing by the total weight, and checks nothing.
    "weighted_score": '''
def weighted_score(normalised, weights):
    return np.asarray(normalised, dtype=float) @ np.asarray(weights, dtype=float)
''',
}

"""Drawing candidates' option-letter responses to one form under the 3PL, shared by
Tools/simulate_responses.py (the demonstration program) and Tools/make_full_sample.py (the
full-size program), so that both samples follow one documented process.

For each candidate j and item k (in form order), from one numpy Generator in this fixed order:
  theta_j ~ Normal(mean, sd)                                   (count draws)
  correct_jk = U_jk < c_k + (1 - c_k) / (1 + exp(-D a_k (theta_j - b_k)))   (count x items)
  pick_jk ~ U(0, 1): the distractor, by the item's attractiveness weights (count x items)
  omit_jk = U_jk < omit_rate                                   (count x items)
  stops_j = U_j < stop_rate; stop_at_j ~ uniform on the last stop_window positions
A cell is `NR` at and after a stopped candidate's stop position, else empty when omitted, else
the key when correct, else the distractor whose cumulative weight interval holds pick_jk (the
three distractors in letter order). Rows are `<prefix><j + 1, 5 digits>,<cells>`.
"""
import numpy as np

LETTERS = "ABCD"


def draw_rows(rng, prefix, count, mean, sd, a, b, c, keys, weights, omit_rate, stop_rate, stop_window, D=1.0):
    """The rows of one form's response file (without the header) and what was drawn.

    a, b, c: numpy arrays of the items' true parameters in form order; keys: the keyed letters;
    weights: one array of three distractor weights per item. Returns (theta, rows, counts), counts
    a dict with the omitted and not-reached cells and the candidates who stopped."""
    n_items = len(keys)
    theta = rng.normal(mean, sd, count)
    correct = rng.uniform(size=(count, n_items)) < c + (1.0 - c) / (1.0 + np.exp(-D * a * (theta[:, None] - b)))
    pick = rng.uniform(size=(count, n_items))
    omit = rng.uniform(size=(count, n_items)) < omit_rate
    stops = rng.uniform(size=count) < stop_rate
    stop_at = rng.integers(n_items - stop_window, n_items, size=count)
    distractors = [[letter for letter in LETTERS if letter != key] for key in keys]
    cumulative = np.cumsum(np.array(weights), axis=1)
    choice = np.empty((count, n_items), dtype=np.int64)
    for k in range(n_items):
        choice[:, k] = np.minimum(np.searchsorted(cumulative[k], pick[:, k] * cumulative[k][-1], side="right"), 2)
    rows = []
    omitted = not_reached = 0
    for j in range(count):
        last = stop_at[j] if stops[j] else n_items
        cells = []
        for k in range(n_items):
            if k >= last:
                cells.append("NR")
                not_reached += 1
            elif omit[j, k]:
                cells.append("")
                omitted += 1
            elif correct[j, k]:
                cells.append(keys[k])
            else:
                cells.append(distractors[k][choice[j, k]])
        rows.append(f"{prefix}{j + 1:05d}," + ",".join(cells))
    return theta, rows, {"omitted": omitted, "not_reached": not_reached, "stopped": int(stops.sum())}

#!/usr/bin/env python3
"""Reference values for StudyStatisticsTests, computed with scipy (run by hand; CI has no scipy).

Prints C# constants: Pearson and Spearman coefficients (scipy.stats.pearsonr / spearmanr) and the
exact two-sided permutation p-values (scipy.stats.permutation_test over every pairing, statistic
|r|, alternative 'greater': the share of pairings with |r| >= the observed |r|).
"""
import numpy as np
import scipy
from scipy import stats

VECTORS = {
    "Five": ([0.14, 0.22, 0.31, 0.34, 0.18], [0.45, 0.30, 0.05, 0.02, 0.38]),
    "SevenWithTies": ([1, 2, 2, 3, 4, 4, 5], [3, 1, 4, 1, 5, 9, 2]),
    "Eight": ([0.153, 0.158, 0.23, 0.265, 0.31, 0.12, 0.41, 0.28], [0.78, 0.61, 0.63, 0.59, 0.2, 0.7, 0.01, 0.4]),
    "Twelve": ([0.1, 0.4, 0.35, 0.8, 0.62, 0.15, 0.9, 0.55, 0.33, 0.71, 0.05, 0.48],
               [0.9, 0.5, 0.7, 0.2, 0.1, 0.6, 0.15, 0.3, 0.65, 0.35, 0.8, 0.55]),
}


def abs_pearson(x, y):
    return abs(stats.pearsonr(x, y)[0])


def abs_spearman(x, y):
    return abs(stats.spearmanr(x, y)[0])


print(f"// scipy {scipy.__version__}, numpy {np.__version__}")
for name, (x, y) in VECTORS.items():
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    pearson = stats.pearsonr(x, y)[0]
    spearman = stats.spearmanr(x, y)[0]
    line = f"{name}: pearson={pearson!r} spearman={spearman!r}"
    if len(x) <= 8:
        kw = dict(permutation_type="pairings", alternative="greater", n_resamples=np.inf, vectorized=False)
        pp = stats.permutation_test((x, y), abs_pearson, **kw).pvalue
        ps = stats.permutation_test((x, y), abs_spearman, **kw).pvalue
        line += f" p_pearson={pp!r} p_spearman={ps!r}"
    else:
        kw = dict(permutation_type="pairings", alternative="greater", n_resamples=200000, vectorized=False, random_state=1)
        pp = stats.permutation_test((x, y), abs_pearson, **kw).pvalue
        ps = stats.permutation_test((x, y), abs_spearman, **kw).pvalue
        line += f" p_pearson_mc={pp!r} p_spearman_mc={ps!r}"
    print(line)

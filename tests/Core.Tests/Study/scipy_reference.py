#!/usr/bin/env python3
"""Reference values for StudyStatisticsTests, computed with scipy (run by hand; CI has no scipy).

Prints C# constants: Pearson and Spearman coefficients (scipy.stats.pearsonr / spearmanr) and the
exact two-sided permutation p-values (scipy.stats.permutation_test over every pairing, statistic
|r|, alternative 'greater': the share of pairings with |r| >= the observed |r|).
"""
import itertools

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


def abs_pearson(x, y, axis=-1):
    # |Pearson r| along the last axis (vectorized for permutation_test); equals |stats.pearsonr|.
    xm = x - x.mean(axis=axis, keepdims=True)
    ym = y - y.mean(axis=axis, keepdims=True)
    return np.abs((xm * ym).sum(axis=axis) / np.sqrt((xm * xm).sum(axis=axis) * (ym * ym).sum(axis=axis)))


def abs_spearman(x, y, axis=-1):
    # |Spearman rho| = |Pearson r| of the average ranks (stats.rankdata), as stats.spearmanr computes it.
    return abs_pearson(stats.rankdata(x, axis=axis), stats.rankdata(y, axis=axis), axis=axis)


print(f"// scipy {scipy.__version__}, numpy {np.__version__}")
for name, (x, y) in VECTORS.items():
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    pearson = stats.pearsonr(x, y)[0]
    spearman = stats.spearmanr(x, y)[0]
    line = f"{name}: pearson={pearson!r} spearman={spearman!r}"
    if len(x) <= 5:
        # scipy's own permutation test (it enumerates (n!)^2 arrangements for two samples: fine for small n).
        kw = dict(permutation_type="pairings", alternative="greater", n_resamples=np.inf, vectorized=True)
        pp = stats.permutation_test((x, y), abs_pearson, **kw).pvalue
        ps = stats.permutation_test((x, y), abs_spearman, **kw).pvalue
    else:
        # The same statistic over every pairing (all n! orders of y), or 200,000 random ones above 8.
        if len(x) <= 8:
            perms = np.array(list(itertools.permutations(range(len(y)))))
        else:
            rng = np.random.default_rng(1)
            perms = np.array([rng.permutation(len(y)) for _ in range(200000)])
        pp = np.mean(abs_pearson(x[None, :], y[perms]) >= abs_pearson(x, y) * (1 - 1e-14))
        ps = np.mean(abs_spearman(x[None, :], y[perms]) >= abs_spearman(x, y) * (1 - 1e-14))
    line += f" p_pearson={float(pp)!r} p_spearman={float(ps)!r}"
    print(line)

namespace CloudFreq.Core.Frequency;

/// <summary>
/// Identifies the values of a low-pass mask: two masks with equal keys are equal element by element.
/// For ideal masks <see cref="Discriminator"/> is the number of kept bins: ideal masks are nested discs
/// (every bin with c_bin &lt;= cutoff), so two of them on one grid with the same count keep the same
/// bins, and every cutoff that selects the same bins gets the same key. For smooth shapes it is the
/// bit pattern of the cutoff (every cutoff gives its own mask).
/// </summary>
public readonly record struct FrequencyMaskKey(FilterShape Shape, int Height, int Width, long Discriminator);

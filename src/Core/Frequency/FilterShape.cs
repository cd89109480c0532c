namespace CloudFreq.Core.Frequency;

/// <summary>
/// The transfer function of a low-pass filter at cutoff c (a fraction of Nyquist), for a bin at
/// radius c_bin (also a fraction of Nyquist; r = 0.5 c_bin cycles/pixel). The DC bin is 1 for every
/// shape and every cutoff, including c = 0.
/// </summary>
public enum FilterShape
{
    /// <summary>1 where r &lt;= 0.5 c (c_bin &lt;= c), else 0.</summary>
    Ideal,

    /// <summary>H = exp(-r^2 / (2 (0.5 c)^2)) = exp(-c_bin^2 / (2 c^2)).</summary>
    Gaussian,

    /// <summary>Order 2: H = 1 / (1 + (r / (0.5 c))^(2n)) with n = 2, i.e. 1 / (1 + (c_bin / c)^4).</summary>
    Butterworth,
}

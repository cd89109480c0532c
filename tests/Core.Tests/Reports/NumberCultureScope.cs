using System.Globalization;

namespace CloudFreq.Core.Tests.Reports;

/// <summary>
/// Sets the thread culture to one that writes 0.5 as "0,5" and restores it on dispose. The build
/// uses InvariantGlobalization, where "de-DE" cannot be created, so the German number format is
/// copied onto a clone of the invariant culture: the separators are what the tests are about.
/// </summary>
internal sealed class NumberCultureScope : IDisposable
{
    private readonly CultureInfo _previous = CultureInfo.CurrentCulture;

    public NumberCultureScope()
    {
        var german = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        german.NumberFormat.NumberDecimalSeparator = ",";
        german.NumberFormat.NumberGroupSeparator = ".";
        german.NumberFormat.PercentDecimalSeparator = ",";
        CultureInfo.CurrentCulture = german;
    }

    public void Dispose() => CultureInfo.CurrentCulture = _previous;
}

using System.Collections.Immutable;
using ScottPlot;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Colours of report figures: the Okabe-Ito palette, which stays distinguishable under the common
/// colour-vision deficiencies. Series (models) also differ by marker shape, so colour is never the
/// only cue; groups get fixed colours so that "adv" looks the same in every report.
/// </summary>
internal static class FigurePalette
{
    public static readonly Color Black = Color.FromHex("#000000");
    public static readonly Color Orange = Color.FromHex("#E69F00");
    public static readonly Color SkyBlue = Color.FromHex("#56B4E9");
    public static readonly Color BluishGreen = Color.FromHex("#009E73");
    public static readonly Color Yellow = Color.FromHex("#F0E442");
    public static readonly Color Blue = Color.FromHex("#0072B2");
    public static readonly Color Vermillion = Color.FromHex("#D55E00");
    public static readonly Color ReddishPurple = Color.FromHex("#CC79A7");

    /// <summary>Models without a group.</summary>
    public static readonly Color NoGroup = Color.FromHex("#999999");

    /// <summary>The label of models without a group in legends and tables.</summary>
    public const string NoGroupLabel = "no group";

    // Lines on white: yellow last, since it has the lowest contrast.
    private static readonly ImmutableArray<Color> SeriesColors =
        [Blue, Vermillion, BluishGreen, Orange, ReddishPurple, SkyBlue, Black, Yellow];

    private static readonly ImmutableArray<MarkerShape> SeriesMarkers =
        [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond,
         MarkerShape.FilledTriangleDown, MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.OpenTriangleUp, MarkerShape.OpenDiamond];

    // The study's groups first, in fixed colours; other groups take the rest in first-seen order.
    private static readonly ImmutableArray<(string Group, Color Color)> KnownGroups =
        [("base", Blue), ("adv", Vermillion), ("crp", BluishGreen), ("blur", Orange), ("noise", ReddishPurple)];

    private static readonly ImmutableArray<Color> OtherGroupColors = [SkyBlue, Yellow, Black];

    /// <summary>Colour of the index-th series; colours repeat after eight, marker shapes after nine, so pairs repeat only after 72.</summary>
    public static Color Series(int index) => SeriesColors[index % SeriesColors.Length];

    public static MarkerShape Marker(int index) => SeriesMarkers[index % SeriesMarkers.Length];

    /// <summary>
    /// Colours for the given groups (null = no group), in order of the distinct groups. Known groups
    /// keep their fixed colours; the first three unknown groups get the remaining Okabe-Ito colours,
    /// later ones are shades of grey (still distinct, but not colour-blind safe, which a caption should note).
    /// </summary>
    public static IReadOnlyDictionary<string, Color> GroupColors(IEnumerable<string?> groups)
    {
        var colors = new Dictionary<string, Color>(StringComparer.Ordinal);
        var unknown = 0;
        foreach (var group in groups)
        {
            var label = group ?? NoGroupLabel;
            if (colors.ContainsKey(label))
            {
                continue;
            }

            if (group is null)
            {
                colors[label] = NoGroup;
                continue;
            }

            var known = KnownGroups.FirstOrDefault(entry => entry.Group == group);
            if (known.Group is not null)
            {
                colors[label] = known.Color;
                continue;
            }

            colors[label] = unknown < OtherGroupColors.Length
                ? OtherGroupColors[unknown]
                : Grey(unknown - OtherGroupColors.Length);
            unknown++;
        }

        return colors;
    }

    private static Color Grey(int index)
    {
        // Steps of grey between #303030 and #C8C8C8 that avoid the no-group grey.
        var level = (byte)(0x30 + ((index * 0x28) % 0x98));
        return level == 0x99 ? new Color(0x70, 0x70, 0x70) : new Color(level, level, level);
    }
}

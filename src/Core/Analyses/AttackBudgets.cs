using System.Globalization;
using System.Text.Json;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Analyses;

/// <summary>
/// Attack budgets: read from a suite as numbers or as "k/255" strings, and the defaults of the
/// study (CIFAR-sized images: L-inf 1/255, 2/255, 4/255, 8/255 and L2 0.25, 0.5; larger images
/// such as ImageNet: L-inf 4/255).
/// </summary>
public static class AttackBudgets
{
    /// <summary>Images up to this height and width get the CIFAR budgets.</summary>
    public const int SmallImageSize = 64;

    public static IReadOnlyList<double> DefaultLInf(ImageShape shape) =>
        IsSmall(shape) ? [1 / 255.0, 2 / 255.0, 4 / 255.0, 8 / 255.0] : [4 / 255.0];

    public static IReadOnlyList<double> DefaultL2(ImageShape shape) =>
        IsSmall(shape) ? [0.25, 0.5] : [];

    public static bool IsSmall(ImageShape shape) => shape.Height <= SmallImageSize && shape.Width <= SmallImageSize;

    /// <summary>
    /// The field's budgets, or null when absent or "auto" (defaults chosen from the image size when
    /// the item runs); an empty array means none for that norm.
    /// </summary>
    public static IReadOnlyList<double>? Read(AnalysisParameters parameters, string field, double max)
    {
        if (!parameters.TryGetElement(field, out var value) || (value.ValueKind == JsonValueKind.String && value.GetString() == "auto"))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(parameters, field, max);
        }

        var budgets = new List<double>();
        foreach (var element in value.EnumerateArray())
        {
            var budget = element.ValueKind switch
            {
                JsonValueKind.Number => element.GetDouble(),
                JsonValueKind.String => ParseFraction(element.GetString()!),
                _ => double.NaN,
            };
            if (!(budget > 0 && budget <= max))
            {
                throw Invalid(parameters, field, max);
            }

            budgets.Add(budget);
        }

        return [.. budgets.Distinct().Order()];
    }

    /// <summary>"k/255" for budgets that are whole 255ths (as budgets are usually quoted), else the number.</summary>
    public static string Label(double budget)
    {
        var levels = budget * 255;
        return Math.Abs(levels - Math.Round(levels)) < 1e-9 && levels >= 1
            ? $"{Math.Round(levels).ToString(CultureInfo.InvariantCulture)}/255"
            : budget.ToString("0.####", CultureInfo.InvariantCulture);
    }

    /// <summary>The budgets as recorded in the run's parameters: "auto" or the numbers.</summary>
    public static System.Text.Json.Nodes.JsonNode ToJson(IReadOnlyList<double>? budgets) =>
        budgets is null ? "auto" : new System.Text.Json.Nodes.JsonArray([.. budgets.Select(b => (System.Text.Json.Nodes.JsonNode)b)]);

    private static double ParseFraction(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var numerator)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var denominator)
            && denominator > 0)
        {
            return numerator / denominator;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;
    }

    private static CloudFreqException Invalid(AnalysisParameters parameters, string field, double max) =>
        new($"{parameters.Where}: field '{field}' must be \"auto\" or an array of budgets in (0, {max.ToString(CultureInfo.InvariantCulture)}], as numbers or \"k/255\" strings.");
}

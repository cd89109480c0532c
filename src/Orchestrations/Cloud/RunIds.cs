using System.Security.Cryptography;
using System.Text;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>Run ids: sortable new ids, deterministic ids for uploads, and the rule ids must follow.</summary>
public static class RunIds
{
    public const int MaxLength = 80;

    /// <summary>A new id that sorts by start time: <c>yyyyMMddHHmmss-xxxxxxxx</c>.</summary>
    public static string New(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-"
        + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>
    /// The id of the run a marker blob starts: <c>upload-SLUG-HASH</c>, the same however often the
    /// marker is seen or rewritten, so one marker starts one run.
    /// </summary>
    public static string ForMarker(string markerBlob, string datasetName)
    {
        var slug = new StringBuilder();
        foreach (var ch in datasetName.ToLowerInvariant())
        {
            slug.Append(char.IsAsciiLetterOrDigit(ch) ? ch : '-');
        }

        var text = slug.ToString().Trim('-');
        if (text.Length > 40)
        {
            text = text[..40];
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(markerBlob)))[..8];
        return $"upload-{(text.Length == 0 ? "dataset" : text)}-{hash}";
    }

    /// <summary>
    /// The one rule for run ids (API routes, upload markers, orchestration instance ids, blob name
    /// segments): 1 to <see cref="MaxLength"/> letters, digits, '-' or '_' (never ':', which separates a
    /// run from its groups' instance ids, nor '/' or '.').
    /// </summary>
    public static bool IsValid(string? runId) => Problem(runId) is null;

    /// <summary>Null when <paramref name="runId"/> follows the rule, otherwise why not (for problem details).</summary>
    public static string? Problem(string? runId)
    {
        if (string.IsNullOrEmpty(runId))
        {
            return "the run id is empty.";
        }

        if (runId.Length > MaxLength)
        {
            return $"the run id is longer than {MaxLength} characters.";
        }

        return runId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? null
            : "the run id may hold only letters, digits, '-' and '_'.";
    }
}

using System.Text.Json;

namespace CloudFreq.Core.Corruptions;

/// <summary>A corruption whose parameter table can be replaced, per preset, by a user-supplied one.</summary>
/// <remarks>
/// The table is a JSON object <c>{ "imagenet-c": [s1, s2, s3, s4, s5], "cifar10-c": [...] }</c>;
/// either preset may be left out, and then keeps the default table. Each severity entry is a
/// number for a single-parameter corruption (for example gaussian_noise's sigma), or an array of
/// numbers for a multi-parameter one, in the column order of shared/docs/corruptions.md (for
/// example defocus_blur <c>[radius, alias sigma]</c>, zoom_blur <c>[end, step]</c>); each
/// corruption's documentation states its order and ranges. Integer columns (jpeg quality, glass
/// shifts and iterations, spatter's mud flag) take integral numbers.
/// </remarks>
public interface ITunableCorruption : ICorruption
{
    /// <summary>A new instance of this corruption with the given presets of its table replaced.</summary>
    /// <param name="table">The table JSON, shaped as in the remarks.</param>
    /// <param name="where">Names the table in errors, for example <c>suite.json: analyses[3] (corruptions): tables.fog</c>.</param>
    /// <exception cref="CloudFreqException">The table is malformed or holds a value out of range; the message names the entry.</exception>
    ICorruption WithParameters(JsonElement table, string where);
}

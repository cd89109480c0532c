using System.Text.Json;
using CloudFreq.Core.Imaging;
using CloudFreq.Core.Models;

namespace CloudFreq.Core.Tests.Attacks;

/// <summary>The model cards of the shared models, read from shared/models/models.json.</summary>
internal static class SharedModelCards
{
    private static readonly Lazy<Dictionary<string, ModelCard>> Cards = new(Read);

    public static ModelCard For(string relativePath) => Cards.Value[relativePath];

    private static Dictionary<string, ModelCard> Read()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedData.Path("models", "models.json")));
        var cards = new Dictionary<string, ModelCard>(StringComparer.Ordinal);
        foreach (var entry in document.RootElement.GetProperty("models").EnumerateArray())
        {
            var file = entry.GetProperty("file").GetString()!;
            var layout = entry.GetProperty("layout").GetString() == "NHWC" ? TensorLayout.Nhwc : TensorLayout.Nchw;
            var dims = entry.GetProperty("input").EnumerateArray()
                .Select(d => d.ValueKind == JsonValueKind.Number ? d.GetInt32() : -1)
                .ToArray();
            var (c, h, w) = layout == TensorLayout.Nchw ? (dims[1], dims[2], dims[3]) : (dims[3], dims[1], dims[2]);
            cards[file] = new ModelCard
            {
                Name = Path.GetFileNameWithoutExtension(file),
                Layout = layout,
                Mean = entry.GetProperty("mean").EnumerateArray().Select(v => v.GetSingle()).ToArray(),
                Std = entry.GetProperty("std").EnumerateArray().Select(v => v.GetSingle()).ToArray(),
                Input = new ImageShape(c, h, w),
            };
        }

        return cards;
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CloudFreq.Core;
using CloudFreq.Core.Analyses;
using CloudFreq.Core.Data;
using CloudFreq.Core.Imaging;
using CloudFreq.Core.Models;
using CloudFreq.Core.Models.Onnx;
using CloudFreq.Core.Scoring;

namespace CloudFreq.Orchestrations.Runs;

/// <summary>
/// Turns a run spec into a prepared run: opens the datasets, reads the models and their cards,
/// decides how each model is batched, checks that models and data fit, and fingerprints the run.
/// Every problem is found here, before any image is scored.
/// </summary>
public sealed class RunPreparer(DatasetOpener datasets, ModelCardResolver cards, AnalysisCatalog analyses, SessionFactory sessions)
{
    /// <summary>A preparer with the standard readers, card resolution and analyses.</summary>
    public static RunPreparer Create(ScoringOptions scoring) =>
        new(new DatasetOpener(), new ModelCardResolver(), new AnalysisCatalog(), new SessionFactory(scoring));

    public PreparedRun Prepare(RunSpec spec)
    {
        if (spec.Datasets.Count == 0)
        {
            throw new CloudFreqException("run spec: no dataset given.");
        }

        if (spec.Models.Count == 0)
        {
            throw new CloudFreqException("run spec: no model given.");
        }

        var resolvedAnalyses = analyses.ResolveSuite(spec.Suite);
        var warnings = new List<string>();
        var opened = new List<PreparedDataset>();
        try
        {
            foreach (var datasetSpec in spec.Datasets)
            {
                var dataset = datasets.Open(datasetSpec.Path, datasetSpec.Options);
                opened.Add(new PreparedDataset(UniqueName(datasetSpec.Name ?? dataset.Name, opened.Select(d => d.Name)), dataset));
                if (dataset.IgnoredFiles > 0)
                {
                    warnings.Add($"{dataset.Source}: {dataset.IgnoredFiles} files are not images of a known type and were ignored.");
                }
            }

            var models = new List<PreparedModel>();
            foreach (var modelSpec in spec.Models)
            {
                var model = PrepareModel(modelSpec, spec.Catalog, opened, models.Select(m => m.Name), warnings);
                models.Add(model);
            }

            return new PreparedRun(spec, Fingerprint(spec, resolvedAnalyses, opened, models), opened, models, resolvedAnalyses, warnings);
        }
        catch
        {
            foreach (var dataset in opened)
            {
                dataset.Dataset.Dispose();
            }

            throw;
        }
    }

    private PreparedModel PrepareModel(
        ModelSpec spec,
        string? catalog,
        IReadOnlyList<PreparedDataset> data,
        IEnumerable<string> takenNames,
        List<string> warnings)
    {
        if (!File.Exists(spec.Path))
        {
            throw new CloudFreqException($"{spec.Path}: model file not found.");
        }

        var file = OnnxModelFile.Load(spec.Path);
        if (file.Inputs.Count != 1)
        {
            throw new CloudFreqException(
                $"{spec.Path}: the graph has {file.Inputs.Count} inputs ({string.Join(", ", file.Inputs.Select(i => i.Name))}); "
                + "CloudFreq scores classifiers with exactly one image input.");
        }

        var dims = file.Inputs[0].Shape.Select(d => d.Value ?? -1).ToArray();
        var resolved = cards.Resolve(spec.Path, dims, file.Metadata, spec.Card, catalog, data[0].Dataset.Shape);
        var card = resolved.Card with { Name = UniqueName(resolved.Card.Name, takenNames) };
        foreach (var dataset in data)
        {
            CheckFits(card, dataset, spec.Path);
            if (card.ClassNames is { } names && !names.SequenceEqual(dataset.Dataset.ClassNames.Take(names.Count)))
            {
                warnings.Add($"{card.Name}: the card's class names ({Preview(names)}) differ from those of dataset {dataset.Name} ({Preview(dataset.Dataset.ClassNames)}); labels are matched by index.");
            }
        }

        warnings.AddRange(resolved.Warnings);
        var sample = card.Layout == TensorLayout.Nchw
            ? new long[] { card.Input.Channels, card.Input.Height, card.Input.Width }
            : [card.Input.Height, card.Input.Width, card.Input.Channels];
        var decision = BatchabilityCheck.Decide(
            file,
            bytes => sessions.Create(bytes, card.Name),
            new BatchabilityCheckOptions { SampleShape = sample });
        if (!decision.IsBatched)
        {
            warnings.Add($"{card.Name}: {decision.Description}");
        }

        return new PreparedModel(
            card.Name,
            spec.Path,
            file.Sha256,
            resolved with { Card = card },
            decision.ModelBytes,
            decision.IsBatched ? int.MaxValue : 1,
            decision.Description);
    }

    private static void CheckFits(ModelCard card, PreparedDataset dataset, string modelPath)
    {
        var shape = dataset.Dataset.Shape;
        if (shape == card.Input)
        {
            return;
        }

        var hint = shape.Channels != card.Input.Channels
            ? shape.Channels == 3 && card.Input.Channels == 1 ? " Pass --grayscale." : " The model and the data disagree on channels."
            : $" Pass --resize/--crop (for example --crop {card.Input.Height} when the images are larger).";
        throw new CloudFreqException(
            $"{modelPath}: the model takes {card.Input} images (channels x height x width) but dataset {dataset.Name} gives {shape}.{hint}");
    }

    private static string UniqueName(string name, IEnumerable<string> taken)
    {
        var set = taken.ToHashSet(StringComparer.Ordinal);
        if (!set.Contains(name))
        {
            return name;
        }

        for (var i = 2; ; i++)
        {
            var candidate = $"{name}-{i}";
            if (!set.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    private static string Preview(IReadOnlyList<string> names) => string.Join(", ", names.Take(3)) + (names.Count > 3 ? ", ..." : string.Empty);

    // The identity of a run: the spec, the analyses' parameters, each model's bytes, and each dataset's listing (ids and labels).
    internal static string Fingerprint(RunSpec spec, IReadOnlyList<IAnalysis> analyses, IReadOnlyList<PreparedDataset> data, IReadOnlyList<PreparedModel> models)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(spec, RunJson.Options));
        foreach (var analysis in analyses)
        {
            // A suite file's parameters change the numbers even when its name stays the same.
            hash.AppendData(Encoding.UTF8.GetBytes($"\nanalysis {analysis.Name} {analysis.Parameters.ToJsonString()}"));
        }

        foreach (var model in models)
        {
            hash.AppendData(Encoding.UTF8.GetBytes("\nmodel " + model.Sha256));
        }

        foreach (var dataset in data)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"\ndataset {dataset.Name} {dataset.Dataset.Shape}"));
            foreach (var entry in dataset.Dataset.Entries)
            {
                hash.AppendData(Encoding.UTF8.GetBytes($"\n{entry.Id}\t{entry.Label}"));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

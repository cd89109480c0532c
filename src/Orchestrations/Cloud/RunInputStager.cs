using System.Security.Cryptography;
using System.Text;
using CloudFreq.Core;
using CloudFreq.Core.Data.Shards;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>
/// Validates the blob names of a cloud run spec and copies the blobs into the local cache, so the
/// embedded preparer opens them as files. Datasets are prefixes (<c>datasets/NAME</c>: the folder as
/// uploaded, its <c>run.json</c> marker left out); models are blobs (<c>models/FILE.onnx</c>) that
/// bring their sidecar card (<c>models/FILE.json</c>) and any <c>models.json</c> catalog up to three
/// folders above them, as a local run finds them; suites are built-in names or <c>suites/NAME.json</c>.
/// </summary>
/// <remarks>
/// Staged folders are content-addressed (SHA-256 over relative names and blob contents) under
/// <c>CacheDirectory/trees</c>; each is written into a private temporary folder and renamed into place,
/// so two worker processes staging the same inputs at once both end with one complete copy. A dataset
/// whose <c>shards.json</c> lists every image (version 2) is staged without its tar shards: the
/// manifest is enough to prepare and plan the run, and <see cref="ItemShardStager"/> brings the shards
/// a work item reads into the same folder before the item runs. The manifest holds each shard's
/// SHA-256, so the folder's content address covers the shards too.
/// </remarks>
public sealed class RunInputStager(IBlobStore blobs, string cacheDirectory)
{
    private const int CatalogSearchDepth = 3;
    private const string CatalogFileName = "models.json";

    /// <summary>
    /// Checks the spec's structure (<see cref="RunSpecValidator"/>), then its blob names, their existence
    /// and the suite, without downloading anything.
    /// </summary>
    /// <exception cref="RunSpecException">The spec is invalid; the exception names the field.</exception>
    public async Task<RunSpec> ValidateAsync(RunSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);

        // The structure first (counts, sizes, ranges, relative names), then what only storage can say.
        RunSpecValidator.Validate(spec);

        var datasets = new List<DatasetSpec>();
        for (var i = 0; i < spec.Datasets.Count; i++)
        {
            var field = $"datasets[{i}].path";
            var prefix = BlobNameRules.Check(spec.Datasets[i]?.Path, CloudNames.DatasetsContainer, field, isPrefix: true);
            if (prefix.Split('/').Length < 2)
            {
                throw new RunSpecException(field, $"{field}: name a dataset folder, such as 'datasets/NAME'.");
            }

            if ((await DatasetBlobsAsync(prefix, cancellationToken).ConfigureAwait(false)).Count == 0)
            {
                throw new RunSpecException(field, $"{field}: no blobs under '{prefix}/'; upload the dataset first.");
            }

            datasets.Add(spec.Datasets[i] with { Path = prefix, Name = spec.Datasets[i].Name ?? BlobNameRules.LastSegment(prefix) });
        }

        for (var i = 0; i < spec.Models.Count; i++)
        {
            var field = $"models[{i}].path";
            var name = BlobNameRules.Check(spec.Models[i]?.Path, CloudNames.ModelsContainer, field);
            if (!await ExistsAsync(name, cancellationToken).ConfigureAwait(false))
            {
                throw new RunSpecException(field, $"{field}: model blob '{name}' not found; upload it first.");
            }
        }

        if (spec.Catalog is not null)
        {
            var name = BlobNameRules.Check(spec.Catalog, CloudNames.ModelsContainer, "catalog");
            if (!await ExistsAsync(name, cancellationToken).ConfigureAwait(false))
            {
                throw new RunSpecException("catalog", $"catalog: blob '{name}' not found.");
            }
        }

        if (!BuiltInSuites.TryGet(spec.Suite ?? string.Empty, out _))
        {
            var known = string.Join(", ", BuiltInSuites.Names);
            if (spec.Suite is null || !spec.Suite.StartsWith(CloudNames.SuitesContainer + "/", StringComparison.Ordinal))
            {
                throw new RunSpecException("suite", $"suite: '{spec.Suite}' is neither a built-in suite ({known}) nor a blob 'suites/NAME.json'.");
            }

            var name = BlobNameRules.Check(spec.Suite, CloudNames.SuitesContainer, "suite");
            if (!await ExistsAsync(name, cancellationToken).ConfigureAwait(false))
            {
                throw new RunSpecException("suite", $"suite: blob '{name}' not found (built-in suites: {known}).");
            }
        }

        return spec with { Datasets = datasets };
    }

    /// <summary>Validates, then downloads what the spec names into the cache.</summary>
    public async Task<StagedInputs> StageAsync(RunSpec spec, CancellationToken cancellationToken = default)
    {
        var cloud = await ValidateAsync(spec, cancellationToken).ConfigureAwait(false);

        var datasets = new List<DatasetSpec>();
        foreach (var dataset in cloud.Datasets)
        {
            var prefix = dataset.Path + "/";
            var entries = (await DatasetBlobsAsync(dataset.Path, cancellationToken).ConfigureAwait(false))
                .Select(b => (Blob: b, Relative: b[prefix.Length..]))
                .ToList();
            var read = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            var manifestBlob = prefix + ShardManifest.FileName;
            if (entries.Exists(e => e.Blob == manifestBlob))
            {
                var bytes = await ReadBlobAsync(manifestBlob, cancellationToken).ConfigureAwait(false);
                read[manifestBlob] = bytes;
                var manifest = ShardManifest.Parse(bytes, blobs.Describe(manifestBlob));
                if (manifest.ListsImages)
                {
                    var shards = manifest.Shards.Select(s => s.File).ToHashSet(StringComparer.Ordinal);
                    entries.RemoveAll(e => shards.Contains(e.Relative));
                }
            }

            var folder = await StageTreeAsync(entries, cancellationToken, read).ConfigureAwait(false);
            datasets.Add(dataset with { Path = folder });
        }

        // Models, their sidecars and catalogs share one folder tree mirroring the models container.
        var modelEntries = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var model in cloud.Models)
        {
            modelEntries.Add(model.Path);
            var sidecar = Path.ChangeExtension(model.Path, ".json");
            if (await ExistsAsync(sidecar, cancellationToken).ConfigureAwait(false))
            {
                modelEntries.Add(sidecar);
            }

            var folder = model.Path[..model.Path.LastIndexOf('/')];
            for (var depth = 0; depth <= CatalogSearchDepth; depth++)
            {
                var catalog = folder + "/" + CatalogFileName;
                if (await ExistsAsync(catalog, cancellationToken).ConfigureAwait(false))
                {
                    modelEntries.Add(catalog);
                }

                if (folder == CloudNames.ModelsContainer)
                {
                    break;
                }

                folder = folder[..folder.LastIndexOf('/')];
            }
        }

        if (cloud.Catalog is not null)
        {
            modelEntries.Add(cloud.Catalog);
        }

        var modelsPrefix = CloudNames.ModelsContainer + "/";
        var modelsFolder = await StageTreeAsync([.. modelEntries.Select(b => (b, b[modelsPrefix.Length..]))], cancellationToken).ConfigureAwait(false);
        string Local(string blob) => Path.Combine(modelsFolder, blob[modelsPrefix.Length..].Replace('/', Path.DirectorySeparatorChar));

        var suite = cloud.Suite;
        if (!BuiltInSuites.TryGet(suite, out _))
        {
            var relative = suite[(CloudNames.SuitesContainer.Length + 1)..];
            var suiteFolder = await StageTreeAsync([(suite, relative)], cancellationToken).ConfigureAwait(false);
            suite = Path.Combine(suiteFolder, relative.Replace('/', Path.DirectorySeparatorChar));
        }

        var local = cloud with
        {
            Datasets = datasets,
            Models = [.. cloud.Models.Select(m => m with { Path = Local(m.Path) })],
            Catalog = cloud.Catalog is null ? null : Local(cloud.Catalog),
            Suite = suite,
        };
        return new StagedInputs(cloud, local);
    }

    private async Task<IReadOnlyList<string>> DatasetBlobsAsync(string prefix, CancellationToken cancellationToken)
    {
        var marker = prefix + "/" + CloudNames.MarkerFile;
        var names = await blobs.ListAsync(prefix + "/", cancellationToken).ConfigureAwait(false);
        return [.. names.Where(n => n != marker)];
    }

    private async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken) =>
        (await blobs.ListAsync(name, cancellationToken).ConfigureAwait(false)).Contains(name, StringComparer.Ordinal);

    private async Task<byte[]> ReadBlobAsync(string blob, CancellationToken cancellationToken) =>
        await blobs.ReadAsync(blob, cancellationToken).ConfigureAwait(false)
            ?? throw new CloudFreqException($"{blobs.Describe(blob)}: the blob disappeared while it was staged.");

    // `alreadyRead`: blobs read before staging (a dataset's manifest), so they are not downloaded twice.
    private async Task<string> StageTreeAsync(
        IReadOnlyList<(string Blob, string Relative)> entries,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, byte[]>? alreadyRead = null)
    {
        var staging = Path.Combine(cacheDirectory, "staging", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var (blob, relative) in entries.OrderBy(e => e.Relative, StringComparer.Ordinal))
            {
                var bytes = alreadyRead?.GetValueOrDefault(blob) ?? await ReadBlobAsync(blob, cancellationToken).ConfigureAwait(false);
                var path = Path.Combine(staging, relative.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllBytesAsync(path, bytes, cancellationToken).ConfigureAwait(false);
                hash.AppendData(Encoding.UTF8.GetBytes(relative + "\n" + Convert.ToHexStringLower(SHA256.HashData(bytes)) + "\n"));
            }

            var target = Path.Combine(cacheDirectory, "trees", Convert.ToHexStringLower(hash.GetHashAndReset())[..32]);
            if (!Directory.Exists(target))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                try
                {
                    Directory.Move(staging, target);
                    return target;
                }
                catch (IOException) when (Directory.Exists(target))
                {
                    // another process staged the same content first: use its copy
                }
            }

            return target;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }
}

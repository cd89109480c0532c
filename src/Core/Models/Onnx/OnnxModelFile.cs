using System.Collections.ObjectModel;
using System.Security.Cryptography;
using CloudFreq.Core.Models.Onnx.Proto;
using Google.Protobuf;

namespace CloudFreq.Core.Models.Onnx;

/// <summary>
/// An ONNX model read from a file or from bytes: what the rest of CloudFreq needs to know about
/// it (inputs, outputs, opset, metadata, hash) without starting ONNX Runtime. The parsed model is
/// kept private; editors such as <see cref="BatchDimensionRewriter"/> work on a clone and return
/// new bytes, so an instance never changes.
/// </summary>
/// <remarks>
/// Tensors stored as external data keep their references (location, offset, length) unchanged;
/// their data is never loaded. <see cref="ExternalDataTensors"/> lists them: bytes written from
/// such a model only run where the external files are beside it.
/// </remarks>
public sealed class OnnxModelFile
{
    private readonly ModelProto _model;

    private OnnxModelFile(byte[] bytes, string displayName, ModelProto model)
    {
        Bytes = bytes;
        DisplayName = displayName;
        _model = model;
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var graph = model.Graph;
        var initializerNames = graph.Initializer.Select(tensor => tensor.Name).ToHashSet(StringComparer.Ordinal);
        // Models from IR < 4 list every initializer among the graph inputs; those are weights, not inputs.
        Inputs = graph.Input
            .Where(input => !initializerNames.Contains(input.Name))
            .Select(OnnxValueInfoConversion.FromProto)
            .ToArray();
        Outputs = graph.Output.Select(OnnxValueInfoConversion.FromProto).ToArray();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in model.MetadataProps)
        {
            metadata[entry.Key] = entry.Value;
        }

        Metadata = new ReadOnlyDictionary<string, string>(metadata);
        ExternalDataTensors = OnnxExternalData.TensorNames(graph);
        OpsetVersion = model.OpsetImport
            .Where(opset => opset.Domain is "" or "ai.onnx")
            .Select(opset => opset.Version)
            .DefaultIfEmpty(0)
            .Max();
    }

    /// <summary>The file path, or the name given to <see cref="FromBytes"/>; used in every message.</summary>
    public string DisplayName { get; }

    /// <summary>The model file's bytes as read. Shared, not copied: do not modify.</summary>
    public byte[] Bytes { get; }

    /// <summary>SHA-256 of <see cref="Bytes"/>, lowercase hex (the model identity a run records).</summary>
    public string Sha256 { get; }

    public long IrVersion => _model.IrVersion;

    /// <summary>The opset of the default ONNX domain; 0 when the model imports none.</summary>
    public long OpsetVersion { get; }

    public string ProducerName => _model.ProducerName;

    public string ProducerVersion => _model.ProducerVersion;

    /// <summary>The graph inputs that are fed at run time (initializers listed as inputs are left out).</summary>
    public IReadOnlyList<OnnxValueInfo> Inputs { get; }

    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

    /// <summary>The model's <c>metadata_props</c> (for a repeated key, the last value).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Names of tensors whose data lives in external files (not loaded, kept as references).</summary>
    public IReadOnlyList<string> ExternalDataTensors { get; }

    public bool HasExternalData => ExternalDataTensors.Count > 0;

    /// <summary>Reads and parses a model file.</summary>
    /// <exception cref="CloudFreqException">The file is missing, unreadable or not a usable ONNX model.</exception>
    public static OnnxModelFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CloudFreqException($"ONNX model '{path}': file not found.", error);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new CloudFreqException($"ONNX model '{path}': cannot read the file ({error.Message}).", error);
        }

        return FromBytes(bytes, path);
    }

    /// <summary>Parses model bytes; <paramref name="displayName"/> names them in messages.</summary>
    /// <exception cref="CloudFreqException">The bytes are not a usable ONNX model.</exception>
    public static OnnxModelFile FromBytes(byte[] bytes, string displayName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentException.ThrowIfNullOrEmpty(displayName);
        if (bytes.Length == 0)
        {
            throw new CloudFreqException($"ONNX model '{displayName}': the file is empty.");
        }

        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException error)
        {
            throw new CloudFreqException(
                $"ONNX model '{displayName}': not an ONNX model, or the file is truncated or damaged ({error.Message}).",
                error);
        }

        if (!model.HasIrVersion)
        {
            throw new CloudFreqException($"ONNX model '{displayName}': no IR version; not an ONNX model.");
        }

        if (model.Graph is null)
        {
            throw new CloudFreqException($"ONNX model '{displayName}': the model has no graph.");
        }

        var file = new OnnxModelFile(bytes, displayName, model);
        return file.Inputs.Count == 0
            ? throw new CloudFreqException($"ONNX model '{displayName}': the graph has no inputs (only initializers).")
            : file;
    }

    /// <summary>
    /// The model's bytes with <paramref name="entries"/> written into <c>metadata_props</c>: given
    /// keys get the given values (replacing earlier ones), other keys are kept in their order.
    /// </summary>
    public byte[] WithMetadata(IReadOnlyDictionary<string, string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var model = CloneProto();
        var kept = model.MetadataProps.Where(entry => !entries.ContainsKey(entry.Key)).ToList();
        model.MetadataProps.Clear();
        model.MetadataProps.AddRange(kept);
        foreach (var (key, value) in entries)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model.ToByteArray();
    }

    /// <summary>A deep copy of the parsed model, for editors; this instance stays unchanged.</summary>
    internal ModelProto CloneProto() => _model.Clone();

    public override string ToString() => DisplayName;
}

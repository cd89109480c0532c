using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using CloudFreq.Orchestrations.Runs;
using Microsoft.AspNetCore.Http;

namespace CloudFreq.Orchestrations.Api;

/// <summary>
/// Reads a run spec from a request body, strictly: a size limit, well-formed JSON, no unknown
/// fields, required fields present, values of the right types. Every refusal is a problem naming the
/// field. What the values must be (counts, sizes, names) is not checked here but by the one validator,
/// <see cref="RunSpecValidator"/>, when the run starts; the API answers its <see cref="Orchestrations.Cloud.RunSpecException"/> with 422.
/// </summary>
public static partial class RunSpecReader
{
    public const int MaxDepth = 32;

    /// <summary>RunJson's conventions, strict: unknown members and nulls for non-nullable members are errors.</summary>
    public static JsonSerializerOptions StrictOptions { get; } = CreateStrict();

    /// <summary>The spec, or the problem to answer.</summary>
    public static async Task<(RunSpec? Spec, IResult? Problem)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        if (request.ContentType is { Length: > 0 } contentType && !IsJson(contentType))
        {
            return (null, Problems.Result(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type",
                $"send the run spec as application/json, not '{Truncate(contentType, 100)}'.", "content-type"));
        }

        byte[] body;
        try
        {
            body = await ReadBoundedAsync(request.Body, maxBytes, cancellationToken).ConfigureAwait(false) ?? [];
            if (body.Length > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(maxBytes));
        }

        return Parse(body);
    }

    /// <summary>Parses a spec already read (strict JSON; the values are checked when the run starts).</summary>
    public static (RunSpec? Spec, IResult? Problem) Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty || body.Trim(" \t\r\n"u8).IsEmpty)
        {
            return (null, Problems.Result(StatusCodes.Status400BadRequest, "empty-body", "Empty body", "the request body is empty; send a run spec as JSON.", "$"));
        }

        RunSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<RunSpec>(body, StrictOptions);
        }
        catch (JsonException ex)
        {
            var (field, detail) = Describe(ex);
            return (null, Problems.Result(StatusCodes.Status400BadRequest, "invalid-run-spec", "Invalid run spec", detail, field));
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            return (null, Problems.Result(StatusCodes.Status400BadRequest, "invalid-run-spec", "Invalid run spec", "the run spec could not be read.", "$"));
        }

        if (spec is null)
        {
            return (null, Problems.Result(StatusCodes.Status400BadRequest, "invalid-run-spec", "Invalid run spec", "the run spec must be a JSON object, not null.", "$"));
        }

        return (spec, null);
    }

    private static (string Field, string Detail) Describe(JsonException ex)
    {
        var path = string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path;
        var field = FieldOf(path);
        var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : string.Empty;
        var message = ex.Message;
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal) && Quoted().Match(message) is { Success: true } unknown)
        {
            var name = unknown.Groups[1].Value;
            var unknownField = field == "$" ? name : $"{field}.{name}";
            if (unknownField.EndsWith("." + name + "." + name, StringComparison.Ordinal) || field.EndsWith(name, StringComparison.Ordinal))
            {
                unknownField = field;
            }

            return (unknownField, $"unknown field '{Truncate(name, 100)}'{where}.");
        }

        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var listed = message[(message.IndexOf("missing required properties", StringComparison.Ordinal) + 27)..];
            var names = Quoted().Matches(listed).Select(m => m.Groups[1].Value).ToList();
            var missing = names.Count > 0 ? names[0] : "?";
            return (field == "$" ? missing : $"{field}.{missing}", $"missing required field{(names.Count > 1 ? "s" : string.Empty)} {string.Join(", ", names.Select(n => $"'{n}'"))}.");
        }

        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return (field, $"the JSON is nested deeper than {MaxDepth} levels.");
        }

        if (message.Contains("null", StringComparison.OrdinalIgnoreCase) && message.Contains("nullable", StringComparison.OrdinalIgnoreCase))
        {
            return (field, $"'{field}' must not be null{where}.");
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return (field, $"'{field}' has a value of the wrong type or out of range{where}.");
        }

        return (field, $"malformed JSON{where}.");
    }

    /// <summary><c>$.datasets[0].path</c> -> <c>datasets[0].path</c>; <c>$['odd name']</c> kept readable.</summary>
    private static string FieldOf(string path) => path switch
    {
        "$" => "$",
        _ when path.StartsWith("$.", StringComparison.Ordinal) => path[2..],
        _ when path.StartsWith('$') => path[1..],
        _ => path,
    };

    private static JsonSerializerOptions CreateStrict()
    {
        var options = new JsonSerializerOptions(RunJson.Options)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            AllowDuplicateProperties = false,
            MaxDepth = MaxDepth,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static async Task<byte[]?> ReadBoundedAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                return buffer.ToArray();
            }
        }
    }

    private static bool IsJson(string contentType)
    {
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase);
    }

    private static IResult TooLarge(long maxBytes) =>
        Problems.Result(StatusCodes.Status413PayloadTooLarge, "body-too-large", "Request body too large", $"a run spec may be at most {maxBytes} bytes.", "body");

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length] + "...";

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex Quoted();
}

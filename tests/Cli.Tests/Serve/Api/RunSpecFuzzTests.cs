using System.Diagnostics;
using System.Net;
using System.Text;
using CloudFreq.Cli.Tests.Serve.Fakes;

namespace CloudFreq.Cli.Tests.Serve.Api;

/// <summary>
/// A bounded fuzz of <c>POST /api/runs</c>: mutated and random bodies from a seeded Random. Every
/// answer is 2xx, or 4xx with problem details; never 5xx; each within a time bound.
/// </summary>
public class RunSpecFuzzTests
{
    private const int Cases = 400;
    // A hang, not a slow answer on a loaded CI machine: in-process answers take milliseconds.
    private static readonly TimeSpan PerRequest = TimeSpan.FromSeconds(10);

    private static readonly string[] Seeds =
    [
        RunsApiTests.ValidSpec,
        """{"datasets":[{"path":"datasets/a","name":"A","options":{"format":"imageFolder","resize":256,"crop":224,"offset":0,"limit":5,"classNames":["x","y"],"labelsFile":"datasets/a/labels.csv","fileColumn":"file","labelColumn":"label","grayscale":true}}],"models":[{"path":"models/a.onnx","card":{"name":"a","layout":"nhwc","input":[-1,224,224,3],"classNames":["x"],"group":"g","training":"t","dataset":"d","expectedAccuracy":0.5}}],"strict":true,"catalog":"models/models.json"}""",
    ];

    private static readonly string[] Fragments =
    [
        "null", "true", "false", "0", "-1", "1e309", "-9223372036854775809", "99999999999999999999999", "3.5", "\"\"", "\"../../etc/passwd\"",
        "\"datasets/../models/x\"", "\"C:\\\\win\"", "\"/abs\"", "[]", "{}", "[null]", "\"\\u0000\"", "\"\\ud800\"", "\"💥🧪\"", "\"a\\u0001b\"",
        new string('[', 200) + new string(']', 200), "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 101),
        "\"" + new string('x', 5000) + "\"", "NaN", "Infinity", "\"nchw\"", "\"imageFolder\"", "\"cifar_binary\"",
    ];

    [Fact]
    public async Task Post_RandomAndMutatedBodies_NeverServerErrors()
    {
        await using var host = await ApiHost.StartAsync();
        var client = host.Client();
        var random = new Random(20250607);
        var counts = new Dictionary<int, int>();
        for (var i = 0; i < Cases; i++)
        {
            var body = Generate(random);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            var watch = Stopwatch.StartNew();
            using var response = await client.PostAsync("/api/runs", content);
            var text = await response.Content.ReadAsStringAsync();
            watch.Stop();
            var status = (int)response.StatusCode;
            counts[status] = counts.GetValueOrDefault(status) + 1;
            var shown = Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)));
            Assert.True(status is >= 200 and < 500, $"case {i}: {status} for {shown}: {text}");
            if (status >= 400)
            {
                Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"case {i}: {status} without problem+json for {shown}");
                Assert.Contains("\"status\":" + status, text, StringComparison.Ordinal);
            }

            Assert.True(watch.Elapsed < PerRequest, $"case {i}: took {watch.Elapsed} for {shown}");
        }

        // The mix must exercise both acceptance and refusal.
        Assert.True(counts.GetValueOrDefault(202) > 0, string.Join(", ", counts));
        Assert.True(counts.Where(c => c.Key >= 400).Sum(c => c.Value) > Cases / 4, string.Join(", ", counts));
    }

    private static byte[] Generate(Random random)
    {
        var seed = Seeds[random.Next(Seeds.Length)];
        return random.Next(8) switch
        {
            0 => Encoding.UTF8.GetBytes(seed[..random.Next(seed.Length)]),
            1 => Encoding.UTF8.GetBytes(ReplaceValue(seed, random)),
            2 => Encoding.UTF8.GetBytes(ReplaceValue(ReplaceValue(seed, random), random)),
            3 => FlipBytes(Encoding.UTF8.GetBytes(seed), random),
            4 => Encoding.UTF8.GetBytes(InsertField(seed, random)),
            5 => RandomBytes(random),
            6 => Encoding.UTF8.GetBytes(RandomUnicode(random)),
            _ => Encoding.UTF8.GetBytes(random.Next(3) == 0 ? seed : DeleteSpan(seed, random)),
        };
    }

    /// <summary>Replaces one scalar value (after a ':' ) with a random fragment: type swaps, huge numbers, paths.</summary>
    private static string ReplaceValue(string json, Random random)
    {
        var colons = Enumerable.Range(0, json.Length).Where(i => json[i] == ':').ToList();
        if (colons.Count == 0)
        {
            return json;
        }

        var start = colons[random.Next(colons.Count)] + 1;
        var end = start;
        var depth = 0;
        var inString = false;
        for (; end < json.Length; end++)
        {
            var c = json[end];
            if (inString)
            {
                if (c == '\\')
                {
                    end++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c == '"')
            {
                inString = true;
            }
            else if (c is '[' or '{')
            {
                depth++;
            }
            else if (c is ']' or '}')
            {
                if (depth == 0)
                {
                    break;
                }

                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                break;
            }
        }

        return json[..start] + Fragments[random.Next(Fragments.Length)] + json[end..];
    }

    private static string InsertField(string json, Random random)
    {
        var braces = Enumerable.Range(0, json.Length).Where(i => json[i] == '{').ToList();
        var at = braces[random.Next(braces.Count)] + 1;
        var name = random.Next(3) switch
        {
            0 => "unknown" + random.Next(100),
            1 => "__proto__",
            _ => "path",
        };
        return json[..at] + $"\"{name}\":{Fragments[random.Next(Fragments.Length)]}," + json[at..];
    }

    private static string DeleteSpan(string json, Random random)
    {
        var start = random.Next(json.Length);
        var length = random.Next(1, Math.Min(40, json.Length - start) + 1);
        return json.Remove(start, length);
    }

    private static byte[] FlipBytes(byte[] bytes, Random random)
    {
        for (var n = random.Next(1, 6); n > 0; n--)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        }

        return bytes;
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 2048)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string RandomUnicode(Random random)
    {
        var builder = new StringBuilder("{\"datasets\":[{\"path\":\"datasets/");
        for (var n = random.Next(1, 64); n > 0; n--)
        {
            var code = random.Next(0x20, 0x2FFFF);
            if (code is >= 0xD800 and <= 0xDFFF)
            {
                code = 0x2603;
            }

            builder.Append(char.ConvertFromUtf32(code).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal));
        }

        builder.Append("\"}],\"models\":[{\"path\":\"models/m.onnx\"}]}");
        return builder.ToString();
    }
}

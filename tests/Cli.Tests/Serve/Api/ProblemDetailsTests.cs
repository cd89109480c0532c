using System.Net;
using System.Text;
using System.Text.Json;
using CloudFreq.Cli.Tests.Serve.Fakes;
using CloudFreq.Orchestrations.Api;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Cli.Tests.Serve.Api;

public class ProblemDetailsTests
{
    private static async Task<HttpResponseMessage> PostAsync(ApiHost host, string body, string contentType = "application/json") =>
        await host.Client().PostAsync("/api/runs", new StringContent(body, Encoding.UTF8, contentType));

    [Theory]
    [InlineData("{", "$")]
    [InlineData("""{"datasets": [ {"path": "datasets/a"} ], "models": [ {"path": "models/a.onnx"} ], }x""", "$")]
    [InlineData("not json", "$")]
    [InlineData("[1, 2]", "$")]
    public async Task MalformedJson_Returns400(string body, string field)
    {
        await using var host = await ApiHost.StartAsync();
        using var response = await PostAsync(host, body);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("""{"datasets":[{"path":"datasets/a"}],"models":[{"path":"models/a.onnx"}],"bogus":1}""", "bogus")]
    [InlineData("""{"datasets":[{"path":"datasets/a","colour":"red"}],"models":[{"path":"models/a.onnx"}]}""", "datasets[0].colour")]
    [InlineData("""{"datasets":[{"path":"datasets/a","options":{"resize":32,"zoom":2}}],"models":[{"path":"models/a.onnx"}]}""", "datasets[0].options.zoom")]
    [InlineData("""{"datasets":[{"path":"datasets/a"}],"models":[{"path":"models/a.onnx","card":{"meen":[1]}}]}""", "models[0].card.meen")]
    public async Task UnknownField_Returns400NamingIt(string body, string field)
    {
        await using var host = await ApiHost.StartAsync();
        using var response = await PostAsync(host, body);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Contains("unknown field", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"models":[{"path":"models/a.onnx"}]}""", "datasets")]
    [InlineData("""{"datasets":[{"path":"datasets/a"}]}""", "models")]
    [InlineData("""{"datasets":[{"name":"a"}],"models":[{"path":"models/a.onnx"}]}""", "datasets[0].path")]
    [InlineData("""{}""", "datasets")]
    public async Task MissingField_Returns400NamingIt(string body, string field)
    {
        await using var host = await ApiHost.StartAsync();
        using var response = await PostAsync(host, body);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("""{"datasets":[{"path":"datasets/a"}],"models":[{"path":"models/a.onnx"}],"itemSize":"ten"}""", "itemSize")]
    [InlineData("""{"datasets":[{"path":"datasets/a"}],"models":[{"path":"models/a.onnx"}],"itemSize":1e40}""", "itemSize")]
    [InlineData("""{"datasets":[{"path":"datasets/a"}],"models":[{"path":"models/a.onnx"}],"seed":null}""", "seed")]
    [InlineData("""{"datasets":null,"models":[{"path":"models/a.onnx"}]}""", "datasets")]
    [InlineData("""{"datasets":[{"path":"datasets/a"}],"models":[{"path":"models/a.onnx"}],"suite":null}""", "suite")]
    public async Task WrongType_Returns400NamingTheField(string body, string field)
    {
        await using var host = await ApiHost.StartAsync();
        using var response = await PostAsync(host, body);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("""{"datasets":[{"path":"datasets/a"}],"models":[{"path":"models/a.onnx"}],"itemSize":0}""", "itemSize")]
    [InlineData("""{"datasets":[{"path":"datasets/a"}],"models":[{"path":"models/a.onnx"}],"itemSize":-5}""", "itemSize")]
    [InlineData("""{"datasets":[{"path":"datasets/a"}],"models":[{"path":"models/a.onnx"}],"itemSize":2000000000}""", "itemSize")]
    [InlineData("""{"datasets":[],"models":[{"path":"models/a.onnx"}]}""", "datasets")]
    [InlineData("""{"datasets":[{"path":"../etc/passwd"}],"models":[{"path":"models/a.onnx"}]}""", "datasets[0].path")]
    [InlineData("""{"datasets":[{"path":"datasets/a"}],"models":[{"path":"/abs/a.onnx"}]}""", "models[0].path")]
    [InlineData("""{"datasets":[{"path":"datasets/a"}],"models":[{"path":"models/a.onnx","card":{"std":[0]}}]}""", "models[0].card.std")]
    [InlineData("""{"datasets":[{"path":"datasets/a","options":{"limit":0}}],"models":[{"path":"models/a.onnx"}]}""", "datasets[0].options.limit")]
    [InlineData("""{"datasets":[{"path":"datasets/a","options":{"format":42}}],"models":[{"path":"models/a.onnx"}]}""", "datasets[0].options.format")]
    public async Task AbsurdValues_Return422NamingTheField(string body, string field)
    {
        await using var host = await ApiHost.StartAsync();
        using var response = await PostAsync(host, body);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, field);
    }

    [Fact]
    public async Task TooManyModels_Returns422()
    {
        await using var host = await ApiHost.StartAsync();
        var models = string.Join(",", Enumerable.Range(0, 65).Select(i => $$"""{"path":"models/m{{i}}.onnx"}"""));
        using var response = await PostAsync(host, $$"""{"datasets":[{"path":"datasets/a"}],"models":[{{models}}]}""");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "models");
    }

    // The values are checked by the one validator when the run starts (RunSpecValidator, in the
    // workflow); the API answers its RunSpecException as ASP.NET Core's validation problem with 422.
    [Fact]
    public async Task InvalidValue_IsAValidationProblem_FromTheOneValidator()
    {
        await using var host = await ApiHost.StartAsync();
        using var response = await PostAsync(host, """{"datasets":[{"path":"datasets/a"}],"models":[{"path":"models/a.onnx"}],"itemSize":2000000}""");
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "itemSize");

        const string message = "itemSize: must be between 1 and 1000000, got 2000000.";
        Assert.Equal("urn:cloudfreq:problem:invalid-run-spec", problem.GetProperty("type").GetString());
        Assert.Equal("Invalid run spec", problem.GetProperty("title").GetString());
        Assert.Equal(message, problem.GetProperty("detail").GetString());
        var errors = problem.GetProperty("errors");
        Assert.Equal(JsonValueKind.Object, errors.ValueKind);
        var field = Assert.Single(errors.EnumerateObject());
        Assert.Equal("itemSize", field.Name);
        Assert.Equal([message], field.Value.EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(host.Runs.Started);
    }

    [Fact]
    public void Reader_OnlyParses_TheValuesAreTheValidatorsConcern()
    {
        var (spec, problem) = RunSpecReader.Parse("""{"datasets":[{"path":"datasets/a"}],"models":[{"path":"models/a.onnx"}],"itemSize":0}"""u8);
        Assert.Null(problem);
        Assert.Equal(0, spec!.ItemSize);
        var error = Assert.Throws<RunSpecException>(() => RunSpecValidator.Validate(spec));
        Assert.Equal("itemSize", error.Field);

        var (_, unknown) = RunSpecReader.Parse("""{"datasets":[{"path":"datasets/a"}],"models":[{"path":"models/a.onnx"}],"itemSiz":0}"""u8);
        Assert.NotNull(unknown);
    }

    [Fact]
    public async Task OversizeBody_Returns413()
    {
        await using var host = await ApiHost.StartAsync();
        var padding = new string(' ', 1024 * 1024 + 10);
        using var response = await PostAsync(host, RunsApiTests.ValidSpec + padding);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body");
        Assert.Empty(host.Runs.Started);
    }

    [Fact]
    public async Task OversizeChunkedBody_Returns413()
    {
        await using var host = await ApiHost.StartAsync();
        var bytes = Encoding.UTF8.GetBytes("{\"datasets\":[" + new string(' ', 2 * 1024 * 1024));
        using var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await host.Client().SendAsync(request);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body");
    }

    [Fact]
    public async Task EmptyBody_Returns400()
    {
        await using var host = await ApiHost.StartAsync();
        using var response = await PostAsync(host, "   ");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "$");
    }

    [Fact]
    public async Task NonJsonContentType_Returns415()
    {
        await using var host = await ApiHost.StartAsync();
        using var response = await PostAsync(host, RunsApiTests.ValidSpec, "text/plain");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "content-type");
    }

    [Fact]
    public async Task RunSpecException_Returns422WithItsField()
    {
        await using var host = await ApiHost.StartAsync();
        using var response = await PostAsync(host, """{"datasets":[{"path":"datasets/ok"},{"path":"datasets/missing"}],"models":[{"path":"models/a.onnx"}]}""");
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "datasets[1].path");
        Assert.Contains("no blobs under", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnexpectedException_Returns500ProblemWithoutInternals()
    {
        await using var host = await ApiHost.StartAsync();
        host.Runs.Failure = new InvalidOperationException("connection string AccountKey=SECRET leaked");
        using var response = await host.Client().GetAsync("/api/runs/some-run");
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
        var text = problem.ToString();
        Assert.DoesNotContain("SECRET", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
    }
}

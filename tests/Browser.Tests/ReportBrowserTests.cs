using System.Text.Json.Nodes;
using CloudFreq.Core.Imaging;
using CloudFreq.Core.Models;
using CloudFreq.Core.Reports;
using CloudFreq.Core.Study;
using Microsoft.Playwright;

namespace CloudFreq.Browser.Tests;

/// <summary>
/// Opens report.html from disk in a real headless Chromium (Debian's <c>chromium</c>, driven by Playwright's
/// .NET driver, which ships its own node; Playwright's browser download is never used): no console errors,
/// every image decodes with a non-zero size, every table-of-contents link resolves, and a screenshot is
/// kept under TestResults/ as an artifact. .ci/run installs chromium.
/// </summary>
public sealed class ReportBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task StudyReport_OpensCleanlyInChromium()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (apt-get install -y chromium), as .ci/run does.");
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "browser");
        Directory.CreateDirectory(folder);
        var htmlPath = Path.Combine(folder, "report.html");

        // CLOUDFREQ_REPORT_HTML checks a real report (for example one `cloudfreq report` wrote) the same way.
        if (Environment.GetEnvironmentVariable("CLOUDFREQ_REPORT_HTML") is { Length: > 0 } given)
        {
            File.Copy(given, htmlPath, overwrite: true);
        }
        else
        {
            new ReportHtmlWriter().Write(htmlPath, new ReportFigureBuilder().WithFigures(SampleReport()));
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);

        await page.GotoAsync(new Uri(htmlPath).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });

        // Every image decoded, with a size.
        var images = await page.EvaluateAsync<int[][]>(
            "() => Promise.all([...document.images].map(i => i.decode().then(() => [i.naturalWidth, i.naturalHeight], () => [0, 0])))");
        Assert.NotEmpty(images);
        Assert.All(images, size => Assert.True(size[0] > 0 && size[1] > 0, "an image did not decode"));
        Assert.True(images.Length >= 16, $"expected the study's scatter plots, found {images.Length} images");

        // The first screen says what the study found: the overall verdict and one sentence per model.
        var findings = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#findings li.finding')].map(li => li.textContent)");
        Assert.Equal(5, findings.Length);
        foreach (var model in new[] { "standard_a", "standard_b", "pgd", "blurred", "noisy" })
        {
            Assert.Single(findings, f => f.StartsWith(model + " (", StringComparison.Ordinal));
        }

        Assert.Contains(findings, f => f.Contains("in line with the study's claim", StringComparison.Ordinal));
        var findingsBottom = await page.EvaluateAsync<double>("() => document.querySelector('#findings li.finding:last-of-type').getBoundingClientRect().bottom");
        Assert.True(findingsBottom <= 900, $"the last finding ends at {findingsBottom} px, below the first screen (900 px)");

        // Every table-of-contents link lands on an element with that id, the study first.
        var targets = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('nav a')].map(a => a.getAttribute('href'))");
        Assert.Equal("#study", targets[0]);
        var missing = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('nav a')].map(a => a.getAttribute('href')).filter(h => !h.startsWith('#') || !document.getElementById(h.slice(1)))");
        Assert.Empty(missing);

        // One file: nothing but the page itself is fetched (images are data URIs).
        Assert.All(requests, url => Assert.True(url.StartsWith("file:", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal), url));

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "report.png"), FullPage = false });
        Assert.Empty(errors);
        Assert.True(new FileInfo(Path.Combine(folder, "report.png")).Length > 1000);
    }

    private static RunReport SampleReport()
    {
        const string Eps8 = "0.03137254901960784";
        var rows = new List<ResultRow>();
        var models = new List<ReportModel>();
        void Model(string name, string group, double fRev, double clean, double robust, double corruption)
        {
            rows.Add(new("cifar10", name, "clean", "", "accuracy", clean, 100));
            rows.Add(new("cifar10", name, "hybrid", "", "f_rev", fRev, 200));
            foreach (var alpha in new[] { 0.0, 0.1, 0.2, 0.4, 1.0 })
            {
                var d = alpha < fRev ? 0.8 * (1 - (alpha / fRev)) : -0.8 * Math.Min(1, (alpha - fRev) / 0.3);
                rows.Add(new("cifar10", name, "hybrid", "alpha=" + alpha.ToString(System.Globalization.CultureInfo.InvariantCulture), "p_low", 0.1 + Math.Max(d, 0), 200));
                rows.Add(new("cifar10", name, "hybrid", "alpha=" + alpha.ToString(System.Globalization.CultureInfo.InvariantCulture), "p_high", 0.1 + Math.Max(-d, 0), 200));
            }

            rows.Add(new("cifar10", name, "frequency-sweep", "filter=lowpass;shape=ideal", "cutoff_half", fRev + 0.05, 100));
            rows.Add(new("cifar10", name, "frequency-sweep", "filter=highpass;shape=ideal", "cutoff_half", fRev + 0.1, 100));
            rows.Add(new("cifar10", name, "min-perturbation", "norm=linf;targeted=true", "f_half", fRev * 2, 90));
            rows.Add(new("cifar10", name, "corruptions", "", "mean_accuracy", corruption, 1500));
            foreach (var sigma in new[] { 0.0, 0.1, 0.2, 0.3 })
            {
                rows.Add(new("cifar10", name, "noise", "noise=gaussian;level=" + sigma.ToString(System.Globalization.CultureInfo.InvariantCulture), "accuracy", clean * (1 - (sigma * 2 * (1.2 - robust))), 100));
            }

            rows.Add(new("cifar10", name, "noise", "noise=gaussian", "level_half", 0.2 + (robust / 4), 100));
            rows.Add(new("cifar10", name, "attack", "", "accuracy", clean, 100));
            rows.Add(new("cifar10", name, "attack", "attack=apgd-ensemble;norm=linf;eps=" + Eps8, "robust_accuracy", robust, 100));
            models.Add(new ReportModel(name, "/m/" + name + ".onnx", "sha-" + name, Card(name, group), "batched", []));
        }

        Model("standard_a", "base", 0.34, 0.92, 0.01, 0.70);
        Model("standard_b", "base", 0.31, 0.90, 0.03, 0.72);
        Model("pgd", "adv", 0.14, 0.80, 0.45, 0.78);
        Model("blurred", "blur", 0.18, 0.84, 0.20, 0.75);
        Model("noisy", "noise", 0.22, 0.86, 0.10, 0.80);
        rows.AddRange(StudyCalculator.Rows(StudyCalculator.Compute(rows, StudyCalculator.Groups(models), 0)));
        return new RunReport
        {
            Tool = "cloudfreq browser-test",
            RunId = "browser-test",
            CreatedTime = DateTimeOffset.UnixEpoch,
            CompletedTime = DateTimeOffset.UnixEpoch.AddMinutes(3),
            Spec = JsonNode.Parse("""{"seed":0,"analyses":[{"name":"clean"}]}""")!,
            Datasets = [new ReportDataset("cifar10", "/data/cifar10", "CifarBinary", 1000, ["cat", "dog"], "3x32x32", 0, 0)],
            Models = models,
            Rows = rows,
            Timings = new ReportTimings(180, []),
        };
    }

    private static ModelCard Card(string name, string group) => new()
    {
        Name = name,
        Mean = [0f, 0f, 0f],
        Std = [1f, 1f, 1f],
        Input = new ImageShape(3, 32, 32),
        ClassNames = ["cat", "dog"],
        Group = group,
        Source = CardSource.Catalog,
    };
}

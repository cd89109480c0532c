using Spectre.Console;
using Spectre.Console.Rendering;

namespace CloudFreq.Cli.Console;

/// <summary>A progress column showing throughput in images per second.</summary>
internal sealed class ImagesPerSecondColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text(task.Speed is { } speed ? $"{speed,7:F0} img/s" : "      - img/s", new Style(Color.Grey));
}

using CloudFreq.Core.Data;
using CloudFreq.Core.Reports;

namespace CloudFreq.Core.Analyses;

/// <summary>An analysis that can show what it does to images: a gallery figure for the report.</summary>
public interface IGalleryAnalysis
{
    /// <summary>Example images of one dataset under the analysis's transforms, or null when none can be made.</summary>
    ReportFigure? Gallery(IImageDataset dataset, string datasetName, long runSeed, ReportFigureBuilder figures);
}

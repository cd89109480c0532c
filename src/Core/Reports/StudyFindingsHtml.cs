using System.Text;
using CloudFreq.Core.Study;

namespace CloudFreq.Core.Reports;

/// <summary>
/// The first thing report.html shows, under its title: per dataset the study's overall verdict and one
/// sentence per model saying what the study found for it (<see cref="StudyModelFindings"/>), linking to the
/// study section's details. Nothing is written when no dataset has a study.
/// </summary>
internal static class StudyFindingsHtml
{
    /// <summary>The block's id, for links and tests.</summary>
    public const string Id = "findings";

    public const string Css = """
        .findings { border-left: 4px solid #0072b2; background: #f3f8fc; padding: .4rem 1rem; margin: .6rem 0 1rem; max-width: 64rem; }
        .findings h2 { font-size: 1.05rem; margin: .3rem 0; }
        .findings ul { margin: .2rem 0 .4rem 1.2rem; padding: 0; }
        """;

    public static void Write(StringBuilder html, IReadOnlyList<StudyDataset> studies)
    {
        if (studies.Count == 0)
        {
            return;
        }

        html.Append("<section id=\"").Append(Id).Append("\" class=\"findings\" aria-labelledby=\"findings-heading\">\n")
            .Append("<h2 id=\"findings-heading\">What the study found</h2>\n");
        foreach (var study in studies)
        {
            html.Append("<p><strong>").Append(HtmlFormat.Text(StudyVerdicts.Overall(study))).Append("</strong></p>\n<ul>\n");
            foreach (var sentence in StudyModelFindings.For(study))
            {
                html.Append("<li class=\"finding\">").Append(HtmlFormat.Text(sentence)).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        html.Append("<p class=\"note\"><a href=\"#").Append(StudyHtml.SectionId).Append("\">The study in detail</a>: every measure, correlation and scatter plot.</p>\n</section>\n");
    }
}

using Ganss.Xss;
using Markdig;
using Markdig.Syntax;

namespace EmoteCare.Grains.Resources;

/// <summary>
/// Markdown to the HTML a resource page shows: Markdig renders, then an allow-list sanitiser keeps only text structure
/// and plain links. Raw HTML passes through Markdig untouched, so the sanitiser is what stands between a therapist's
/// Markdown and a patient's browser; it runs on authored resources too, so both kinds take the same path.
/// </summary>
public static class ResourceMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().Build();

    private static readonly string[] Tags =
        ["p", "br", "hr", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "blockquote", "code", "pre", "a"];

    /// <summary>
    /// Sanitised HTML of <paramref name="markdown"/>. Headings move down a level when the text uses a top-level one, so
    /// the page's title stays its only h1 and the outline keeps its shape.
    /// </summary>
    public static string ToHtml(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var document = Markdown.Parse(markdown, Pipeline);
        var headings = document.Descendants<HeadingBlock>().ToList();
        var shift = headings.Exists(h => h.Level == 1) ? 1 : 0;
        foreach (var heading in headings)
        {
            // Below h4 the sanitiser would drop the heading with its text; deeper levels read as h4.
            heading.Level = Math.Min(heading.Level + shift, 4);
        }

        return Sanitizer().Sanitize(document.ToHtml(Pipeline)).Trim();
    }

    /// <summary>The words of <paramref name="markdown"/> without markup, for search and reading time.</summary>
    public static string ToPlainText(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        return Markdown.ToPlainText(markdown, Pipeline);
    }

    // One per call: rendering happens when a resource is loaded or added, and a fresh instance needs no reasoning about sharing.
    private static HtmlSanitizer Sanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(Tags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["https", "http", "mailto", "tel"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
        })
        {
            // A disallowed element goes with everything inside it: a script's text must not turn into visible words.
            KeepChildNodes = false,
        };
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link)
            {
                // Links leave the app in a new context that cannot reach back into the page.
                link.SetAttribute("rel", "noopener noreferrer nofollow");
                link.SetAttribute("target", "_blank");
            }
        };
        return sanitizer;
    }
}

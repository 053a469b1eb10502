using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Resources;

/// <summary>A resource ready to show and to search: its listing, its sanitised HTML and the words of each part.</summary>
public sealed class ResourceEntry
{
    private ResourceEntry(ResourceInfo info, string html, string plainText)
    {
        Info = info;
        Html = html;
        TitleWords = [.. ResourceText.Words(info.Title).Distinct(StringComparer.Ordinal)];
        SummaryWords = [.. ResourceText.Words(info.Summary).Distinct(StringComparer.Ordinal)];
        TagWords = [.. info.Concerns.SelectMany(ResourceText.Words).Distinct(StringComparer.Ordinal)];
        BodyWords = ResourceText.Words(plainText).CountBy(w => w, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
    }

    /// <summary>What lists show.</summary>
    public ResourceInfo Info { get; }

    /// <summary>The body, rendered and sanitised.</summary>
    public string Html { get; }

    internal string[] TitleWords { get; }

    internal string[] SummaryWords { get; }

    internal string[] TagWords { get; }

    /// <summary>Each body word and how often it occurs.</summary>
    internal Dictionary<string, int> BodyWords { get; }

    /// <summary>Renders <paramref name="markdown"/> and indexes the result.</summary>
    public static ResourceEntry Create(ResourceInfo info, string markdown)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new ResourceEntry(info, ResourceMarkdown.ToHtml(markdown), ResourceMarkdown.ToPlainText(markdown));
    }

    /// <summary>The listing as the chatbot shows it.</summary>
    public ResourceSummary ToSummary() => new(Info.Id, Info.Title, Info.Summary, Info.Kind);
}

using EmoteCare.Grains.Interfaces;
using EmoteCare.Grains.Resources;

namespace EmoteCare.Grains.Tests.Resources;

/// <summary>Every authored resource file: complete front matter, known tags, plain language, nothing that reads as a diagnosis.</summary>
public sealed class ResourceContentTests
{
    /// <summary>Longest average sentence, in words, that still reads as plain language.</summary>
    private const double MaxAverageSentenceWords = 12;

    /// <summary>Longest single sentence, in words.</summary>
    private const int MaxSentenceWords = 25;

    /// <summary>Words of diagnosis and clinical labelling; resources describe feelings and steps, never conditions.</summary>
    private static readonly string[] BannedWordStarts =
        ["diagnos", "disorder", "syndrome", "illness", "psychiatr", "clinical", "patholog", "symptom", "depression", "ptsd", "ocd", "adhd", "bipolar", "schizo"];

    public static TheoryData<string> FileNames() => [.. AuthoredResources.Files().Select(f => f.FileName)];

    private static AuthoredFile File(string name) => AuthoredResources.Files().Single(f => f.FileName == name);

    [Fact]
    public void The_library_holds_the_articles_and_exercises_it_promises()
    {
        var files = AuthoredResources.Files();

        Assert.Equal(
            ["anger", "body-scan", "box-breathing", "grief", "grounding-5-4-3-2-1", "loneliness", "low-mood", "panic", "sleep", "stress", "what-is-anxiety"],
            files.Select(f => f.Info.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["body-scan", "box-breathing", "grounding-5-4-3-2-1"], files.Where(f => f.Info.Kind == ResourceKind.Exercise).Select(f => f.Info.Id).Order(StringComparer.Ordinal));
        foreach (var concern in new[] { "anxiety", "panic", "low-mood", "sleep", "grief", "stress", "anger", "loneliness" })
        {
            Assert.Contains(files, f => f.Info.Concerns.Contains(concern));
        }
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void Front_matter_is_complete_and_uses_known_tags(string fileName)
    {
        var info = File(fileName).Info;

        Assert.True(info.Title.Length is > 0 and <= ResourceLimits.MaxTitleLength, fileName);
        Assert.True(info.Summary.Length is > 0 and <= ResourceLimits.MaxSummaryLength, fileName);
        Assert.NotEmpty(info.Emotions);
        Assert.All(info.Concerns, c => Assert.Contains(c, ResourceConcerns.All));
        Assert.InRange(info.ReadingMinutes, 1, 15);
        Assert.Null(info.AddedBy);
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void Text_is_plain_language_without_diagnostic_words(string fileName)
    {
        var file = File(fileName);
        var text = $"{file.Info.Title}.\n{file.Info.Summary}\n{ResourceMarkdown.ToPlainText(file.Markdown)}";
        var sentences = ResourceText.Sentences(text);
        var lengths = sentences.Select(s => ResourceText.Words(s).Count).ToList();

        var banned = ResourceText.Words(text).Where(w => BannedWordStarts.Any(b => w.StartsWith(b, StringComparison.Ordinal))).Distinct().ToList();

        Assert.True(lengths.Average() <= MaxAverageSentenceWords, $"{fileName}: sentences average {lengths.Average():F1} words; keep it at most {MaxAverageSentenceWords}.");
        Assert.True(lengths.Max() <= MaxSentenceWords, $"{fileName}: its longest sentence has {lengths.Max()} words: \"{sentences[lengths.IndexOf(lengths.Max())]}\"");
        Assert.True(banned.Count == 0, $"{fileName} uses diagnostic wording: {string.Join(", ", banned)}");
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void Every_article_says_when_to_ask_for_more_help(string fileName)
    {
        var file = File(fileName);
        if (file.Info.Kind == ResourceKind.Article)
        {
            Assert.Matches(@"(?m)^## When to ", file.Markdown);
        }
    }

    [Theory]
    [InlineData("---\nid: x\n---\nbody", "lacks 'title'")]
    [InlineData("no front matter", "does not start with front matter")]
    [InlineData("---\nid: x\ntitle: T\nsummary: S\nkind: Article\nemotions: Fear\nconcerns: worries\nminutes: 2\n---\n", "has concerns 'worries'")]
    [InlineData("---\nid: x\ntitle: T\nsummary: S\nkind: Article\nemotions: Scared\nconcerns: worry\nminutes: 2\n---\n", "names emotion 'Scared'")]
    [InlineData("---\nid: y\ntitle: T\nsummary: S\nkind: Article\nemotions: Fear\nconcerns: worry\nminutes: 2\n---\n", "has id 'y'")]
    [InlineData("---\nid: x\ntitle: T\nsummary: S\nkind: Podcast\nemotions: Fear\nconcerns: worry\nminutes: 2\n---\n", "has kind 'Podcast'")]
    [InlineData("---\nid: x\ntitle: T\nauthor: me\n---\n", "unknown or repeated front matter line 'author: me'")]
    public void A_broken_file_is_refused_with_its_name_and_the_problem(string text, string problem)
    {
        var error = Assert.Throws<FormatException>(() => AuthoredResources.Parse("x.md", text));

        Assert.Contains("x.md", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_plain_language_measure_counts_words_per_sentence()
    {
        Assert.Equal(["One two", "Three four five"], ResourceText.Sentences("One two. Three four five!"));
        Assert.Equal(["it's", "fine", "5", "4"], ResourceText.Words("It's fine: 5-4"));
    }
}

using System.Text.Json.Serialization;
using Orleans.Concurrency;

namespace EmoteCare.Grains.Interfaces;

/// <summary>What kind of help a resource offers.</summary>
[GenerateSerializer, Alias("emotecare.ResourceKind")]
[JsonConverter(typeof(JsonStringEnumConverter<ResourceKind>))]
public enum ResourceKind
{
    /// <summary>Something to read.</summary>
    Article,

    /// <summary>A guided exercise to do now (breathing, grounding, a body scan).</summary>
    Exercise,

    /// <summary>Something to watch.</summary>
    Video,
}

/// <summary>A resource as lists and the chatbot show it.</summary>
/// <param name="Id">Stable id (the slug of authored resources).</param>
/// <param name="Title">Its title.</param>
/// <param name="Summary">One plain-language sentence on what it offers.</param>
/// <param name="Kind">Article, exercise or video.</param>
[GenerateSerializer, Immutable, Alias("emotecare.ResourceSummary")]
public sealed record ResourceSummary([Id(0)] string Id, [Id(1)] string Title, [Id(2)] string Summary, [Id(3)] ResourceKind Kind);

/// <summary>The resource library (one activation, key <see cref="Key"/>): authored articles and exercises and those therapists add.</summary>
[Alias("emotecare.IResourceLibraryGrain")]
public interface IResourceLibraryGrain : IGrainWithStringKey
{
    /// <summary>The key of the one library grain.</summary>
    public const string Key = "library";

    /// <summary>Up to <paramref name="max"/> resources that fit an emotion the text model read and a concern the patient named, best first.</summary>
    /// <param name="emotion">The emotion read in the patient's words; null when none stood out.</param>
    /// <param name="concern">A concern tag such as "sleep" or "grief"; null when none was named.</param>
    /// <param name="max">How many at most (1-10).</param>
    [ReadOnly]
    [Alias("Suggest")]
    Task<IReadOnlyList<ResourceSummary>> Suggest(Emotion? emotion, string? concern, int max);

    /// <summary>Resources matching a search, best first (ranking: <c>ResourceMatcher</c> in Grains).</summary>
    /// <exception cref="ArgumentException">The search breaks a <see cref="ResourceLimits"/> limit or names an unknown concern.</exception>
    [ReadOnly]
    [Alias("Search")]
    Task<IReadOnlyList<ResourceInfo>> Search(ResourceSearch search);

    /// <summary>One resource with its sanitised HTML; null when no resource has the id.</summary>
    [ReadOnly]
    [Alias("Get")]
    Task<ResourceDocument?> Get(string resourceId);

    /// <summary>The resources among <paramref name="resourceIds"/> that exist, in the order asked; unknown ids are left out.</summary>
    [ReadOnly]
    [Alias("Describe")]
    Task<IReadOnlyList<ResourceInfo>> Describe(IReadOnlyList<string> resourceIds);

    /// <summary>Adds a therapist's resource; its Markdown is rendered and sanitised like the authored ones.</summary>
    /// <exception cref="ArgumentException">The resource breaks a <see cref="ResourceLimits"/> limit or names an unknown concern.</exception>
    /// <exception cref="InvalidOperationException">The library holds <see cref="ResourceLimits.MaxAddedResources"/> added resources already.</exception>
    [Alias("Add")]
    Task<ResourceInfo> Add(string therapistId, NewResource resource);
}

/// <summary>The concern tags resources carry and searches filter by; the one vocabulary for concerns.</summary>
public static class ResourceConcerns
{
    /// <summary>Every known tag, lowercase.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(
        ["anxiety", "panic", "low-mood", "sleep", "grief", "stress", "anger", "loneliness", "breathing", "grounding", "relaxation", "worry"],
        StringComparer.Ordinal);
}

/// <summary>The library's limits, each defined here once for the grains and the Api.</summary>
public static class ResourceLimits
{
    /// <summary>Longest title.</summary>
    public const int MaxTitleLength = 120;

    /// <summary>Longest summary.</summary>
    public const int MaxSummaryLength = 300;

    /// <summary>Longest Markdown body of a therapist's resource (it must also fit the Api's request body limit).</summary>
    public const int MaxMarkdownLength = 10_000;

    /// <summary>Most concern tags or emotions on one resource.</summary>
    public const int MaxTags = 7;

    /// <summary>Longest search text.</summary>
    public const int MaxQueryLength = 200;

    /// <summary>Most results of one search.</summary>
    public const int MaxResults = 50;

    /// <summary>Most suggestions at once.</summary>
    public const int MaxSuggestions = 10;

    /// <summary>Most resources therapists may add to the library in all; the library grain writes them all on each addition.</summary>
    public const int MaxAddedResources = 500;

    /// <summary>Most resources assigned to one patient at a time.</summary>
    public const int MaxAssignedPerPatient = 200;

    /// <summary>Longest resource id: a lowercase slug of letters, digits and hyphens.</summary>
    public const int MaxIdLength = 64;
}

/// <summary>A resource as the library lists it.</summary>
/// <param name="Id">Stable id: the slug of an authored resource, 32 hexadecimal characters for one a therapist added.</param>
/// <param name="Title">Its title.</param>
/// <param name="Summary">One plain-language sentence on what it offers.</param>
/// <param name="Kind">Article, exercise or video.</param>
/// <param name="Emotions">Emotions it may help with.</param>
/// <param name="Concerns">Its tags from <see cref="ResourceConcerns"/>.</param>
/// <param name="ReadingMinutes">About how long it takes.</param>
/// <param name="AddedBy">The therapist who added it; null for the team's authored resources.</param>
/// <param name="AddedAt">When it was added; null for authored resources.</param>
[GenerateSerializer, Immutable, Alias("emotecare.ResourceInfo")]
public sealed record ResourceInfo(
    [Id(0)] string Id,
    [Id(1)] string Title,
    [Id(2)] string Summary,
    [Id(3)] ResourceKind Kind,
    [Id(4)] IReadOnlyList<Emotion> Emotions,
    [Id(5)] IReadOnlyList<string> Concerns,
    [Id(6)] int ReadingMinutes,
    [Id(7)] string? AddedBy,
    [Id(8)] DateTimeOffset? AddedAt);

/// <summary>A resource to read or do.</summary>
/// <param name="Info">What the library lists about it.</param>
/// <param name="Html">Its body, rendered from Markdown and sanitised (no scripts, event handlers, styles or unsafe links).</param>
[GenerateSerializer, Immutable, Alias("emotecare.ResourceDocument")]
public sealed record ResourceDocument([Id(0)] ResourceInfo Info, [Id(1)] string Html);

/// <summary>A library search; every part is optional.</summary>
/// <param name="Text">Words to find in title, summary, tags and body; every word must match.</param>
/// <param name="Emotion">Only resources tagged with this emotion.</param>
/// <param name="Concern">Only resources with this tag from <see cref="ResourceConcerns"/>.</param>
/// <param name="AddedBy">Also the resources this therapist added (others' additions are never listed); null for authored resources only.</param>
/// <param name="Max">How many at most (1 to <see cref="ResourceLimits.MaxResults"/>).</param>
[GenerateSerializer, Immutable, Alias("emotecare.ResourceSearch")]
public sealed record ResourceSearch([Id(0)] string? Text, [Id(1)] Emotion? Emotion, [Id(2)] string? Concern, [Id(3)] string? AddedBy, [Id(4)] int Max);

/// <summary>A resource a therapist adds.</summary>
/// <param name="Title">Its title.</param>
/// <param name="Summary">One sentence on what it offers.</param>
/// <param name="Kind">Article, exercise or video.</param>
/// <param name="Emotions">Emotions it may help with.</param>
/// <param name="Concerns">Tags from <see cref="ResourceConcerns"/>.</param>
/// <param name="Markdown">The body in Markdown; raw HTML in it is removed when rendered.</param>
[GenerateSerializer, Immutable, Alias("emotecare.NewResource")]
public sealed record NewResource(
    [Id(0)] string Title,
    [Id(1)] string Summary,
    [Id(2)] ResourceKind Kind,
    [Id(3)] IReadOnlyList<Emotion> Emotions,
    [Id(4)] IReadOnlyList<string> Concerns,
    [Id(5)] string Markdown);

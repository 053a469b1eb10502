using Orleans.Concurrency;

namespace EmoteCare.Grains.Interfaces;

/// <summary>What kind of help a resource offers.</summary>
[GenerateSerializer, Alias("emotecare.ResourceKind")]
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
}

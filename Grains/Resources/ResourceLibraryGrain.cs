using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Resources;

/// <summary>A resource a therapist added, as stored: the listing and the Markdown source, rendered again on activation so today's sanitiser rules apply.</summary>
/// <param name="Info">The listing.</param>
/// <param name="Markdown">The body as written.</param>
[GenerateSerializer, Immutable, Alias("emotecare.AddedResource")]
public sealed record AddedResource([Id(0)] ResourceInfo Info, [Id(1)] string Markdown);

/// <summary>What a <see cref="ResourceLibraryGrain"/> persists; the authored resources ship with the code instead.</summary>
[GenerateSerializer, Alias("emotecare.ResourceLibraryState")]
public sealed class ResourceLibraryState
{
    /// <summary>Therapists' resources, oldest first.</summary>
    [Id(0)]
    public List<AddedResource> Added { get; set; } = [];
}

/// <summary>
/// The resource library: the team's authored resources for everyone, and resources therapists added, which are listed
/// only to their author (patients reach them through assignments). Suggestions for the chatbot come from the authored
/// ones alone, which the team wrote and reviewed.
/// </summary>
public sealed class ResourceLibraryGrain(
    [PersistentState("resources")] IPersistentState<ResourceLibraryState> state,
    TimeProvider time) : Grain, IResourceLibraryGrain
{
    private readonly Dictionary<string, ResourceEntry> _added = new(StringComparer.Ordinal);

    private static readonly Dictionary<string, ResourceEntry> Authored = AuthoredResources.Entries.ToDictionary(e => e.Info.Id, StringComparer.Ordinal);

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        GrainKeys.Validate(this.GetPrimaryKeyString(), "resource library");
        foreach (var added in state.State.Added)
        {
            _added[added.Info.Id] = ResourceEntry.Create(added.Info, added.Markdown);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ResourceSummary>> Suggest(Emotion? emotion, string? concern, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(max, ResourceLimits.MaxSuggestions);
        var matches = ResourceMatcher.Suggest(AuthoredResources.Entries, emotion, concern, max);
        return Task.FromResult<IReadOnlyList<ResourceSummary>>([.. matches.Select(e => e.ToSummary())]);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ResourceInfo>> Search(ResourceSearch search)
    {
        ResourceRules.ThrowIfAny(ResourceRules.Check(search), nameof(search));
        var visible = search.AddedBy is { } author
            ? AuthoredResources.Entries.Concat(_added.Values.Where(e => e.Info.AddedBy == author))
            : AuthoredResources.Entries;
        var matches = ResourceMatcher.Search(visible, search.Text, search.Emotion, search.Concern, search.Max);
        return Task.FromResult<IReadOnlyList<ResourceInfo>>([.. matches.Select(e => e.Info)]);
    }

    /// <inheritdoc />
    public Task<ResourceDocument?> Get(string resourceId) =>
        Task.FromResult(Find(resourceId) is { } entry ? new ResourceDocument(entry.Info, entry.Html) : null);

    /// <inheritdoc />
    public Task<IReadOnlyList<ResourceInfo>> Describe(IReadOnlyList<string> resourceIds)
    {
        ArgumentNullException.ThrowIfNull(resourceIds);
        return Task.FromResult<IReadOnlyList<ResourceInfo>>([.. resourceIds.Select(Find).OfType<ResourceEntry>().Select(e => e.Info)]);
    }

    /// <inheritdoc />
    public async Task<ResourceInfo> Add(string therapistId, NewResource resource)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(therapistId);
        ResourceRules.ThrowIfAny(ResourceRules.Check(resource), nameof(resource));
        if (state.State.Added.Count >= ResourceLimits.MaxAddedResources)
        {
            throw new InvalidOperationException($"The library holds {ResourceLimits.MaxAddedResources} added resources, its limit.");
        }

        var markdown = resource.Markdown.ReplaceLineEndings("\n");
        var info = new ResourceInfo(
            Guid.NewGuid().ToString("N"),
            resource.Title.Trim(),
            resource.Summary.Trim(),
            resource.Kind,
            // Arrays, not collection expressions: the compiler's list types are not allowed by storage's JSON type filter.
            resource.Emotions.ToArray(),
            resource.Concerns.ToArray(),
            ResourceText.ReadingMinutes(ResourceMarkdown.ToPlainText(markdown)),
            therapistId,
            time.GetUtcNow());
        var entry = ResourceEntry.Create(info, markdown);
        state.State.Added.Add(new AddedResource(info, markdown));
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Storage now lags memory; the next activation reloads what was stored.
            DeactivateOnIdle();
            throw;
        }

        _added[info.Id] = entry;
        return info;
    }

    private ResourceEntry? Find(string? resourceId) =>
        resourceId is null ? null : Authored.GetValueOrDefault(resourceId) ?? _added.GetValueOrDefault(resourceId);
}

using EmoteCare.Grains.Interfaces;
using EmoteCare.Grains.Resources;

namespace EmoteCare.Grains.Tests.Resources;

/// <summary>The library grain: suggestions for the chatbot, search, therapists' additions and who sees them.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ResourceLibraryGrainTests(ClusterFixture fixture)
{
    private static NewResource Handout(string title, string markdown = "Walk for ten minutes each morning.\n\n<script>alert(1)</script>") =>
        new(title, "A short plan for the week.", ResourceKind.Article, [Emotion.Sad], ["low-mood"], markdown);

    // Each test gets a library of its own: additions stay in their test.
    private IResourceLibraryGrain Library() => fixture.GrainFactory.GetGrain<IResourceLibraryGrain>(Keys.Unique("library"));

    [Fact]
    public async Task Suggest_offers_authored_resources_for_the_emotion_and_concern_best_first()
    {
        var library = Library();

        var forPanic = await library.Suggest(Emotion.Fear, "panic", 3);
        var forGrief = await library.Suggest(Emotion.Sad, "grief", 1);
        var withNothing = await library.Suggest(null, null, 2);

        Assert.Equal(["grounding-5-4-3-2-1", "box-breathing", "panic"], forPanic.Select(r => r.Id));
        Assert.Equal(new ResourceSummary("grief", "Living with grief", "Grief after a loss, why it comes in waves, and ways to care for yourself.", ResourceKind.Article), Assert.Single(forGrief));
        Assert.All(withNothing, r => Assert.Equal(ResourceKind.Exercise, r.Kind));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => library.Suggest(null, null, ResourceLimits.MaxSuggestions + 1));
    }

    [Fact]
    public async Task A_therapists_resource_is_sanitised_listed_to_its_author_and_never_suggested()
    {
        var library = Library();
        var author = Keys.Unique("therapist");

        var added = await library.Add(author, Handout("Morning walk plan"));
        var document = await library.Get(added.Id);
        var forAuthor = await library.Search(new ResourceSearch("morning walk", null, null, author, 10));
        var forOthers = await library.Search(new ResourceSearch("morning walk", null, null, Keys.Unique("therapist"), 10));
        var forEveryone = await library.Search(new ResourceSearch("morning walk", null, null, null, 10));
        var suggested = await library.Suggest(Emotion.Sad, "low-mood", ResourceLimits.MaxSuggestions);

        Assert.Matches("^[0-9a-f]{32}$", added.Id);
        Assert.Equal((author, 1), (added.AddedBy, added.ReadingMinutes));
        Assert.Equal("<p>Walk for ten minutes each morning.</p>", document!.Html);
        Assert.Equal([added.Id], forAuthor.Select(r => r.Id));
        Assert.Empty(forOthers);
        Assert.Empty(forEveryone);
        Assert.DoesNotContain(suggested, s => s.Id == added.Id);
    }

    [Fact]
    public async Task Additions_are_stored_as_written_and_described_after_reactivation()
    {
        var library = Library();
        var added = await library.Add(Keys.Unique("therapist"), Handout("Kept plan", "Line one\r\n\r\n[x](javascript:alert(1))"));

        var (stored, _) = await fixture.Cluster.ReadStoredAsync<ResourceLibraryState>(library.GetGrainId(), "resources");
        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var described = await library.Describe([added.Id, "no-such-resource", "panic"]);

        Assert.Equivalent(new AddedResource(added, "Line one\n\n[x](javascript:alert(1))"), Assert.Single(stored!.Added), strict: true);
        Assert.Equal([added.Id, "panic"], described.Select(r => r.Id));
        Assert.Equivalent(added, described[0], strict: true);
        Assert.DoesNotContain("javascript", (await library.Get(added.Id))!.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "title")]
    [InlineData("Two\nlines", "title")]
    public async Task A_resource_breaking_a_rule_is_refused_naming_the_field(string title, string field)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Library().Add(Keys.Unique("therapist"), Handout(title)));

        Assert.Contains($"{field}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_markdown_and_unknown_concerns_are_refused()
    {
        var library = Library();
        var tooLong = Handout("Long", new string('a', ResourceLimits.MaxMarkdownLength + 1));
        var unknownConcern = Handout("Tags") with { Concerns = ["astrology"] };

        var lengthError = await Assert.ThrowsAsync<ArgumentException>(() => library.Add("t", tooLong));
        var concernError = await Assert.ThrowsAsync<ArgumentException>(() => library.Add("t", unknownConcern));
        var searchError = await Assert.ThrowsAsync<ArgumentException>(() => library.Search(new ResourceSearch(null, null, "astrology", null, 10)));

        Assert.Contains("markdown:", lengthError.Message, StringComparison.Ordinal);
        Assert.Contains("concerns:", concernError.Message, StringComparison.Ordinal);
        Assert.Contains("concern:", searchError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_renders_an_authored_resource_and_answers_null_for_an_unknown_id()
    {
        var library = Library();

        var breathing = await library.Get("box-breathing");

        Assert.Equal(ResourceKind.Exercise, breathing!.Info.Kind);
        Assert.Contains("<h2>The steps</h2>", breathing.Html, StringComparison.Ordinal);
        Assert.Null(await library.Get("no-such-resource"));
    }
}

using EmoteCare.Grains.Interfaces;
using EmoteCare.Grains.Resources;

namespace EmoteCare.Grains.Tests.Resources;

/// <summary>The ranking searches and suggestions share, on small made-up resources and on the authored library.</summary>
public sealed class ResourceMatcherTests
{
    private static ResourceEntry Entry(string id, string title, string summary, string body, ResourceKind kind = ResourceKind.Article, Emotion[]? emotions = null, string[]? concerns = null, string? addedBy = null) =>
        ResourceEntry.Create(new ResourceInfo(id, title, summary, kind, emotions ?? [Emotion.Neutral], concerns ?? ["stress"], 2, addedBy, null), body);

    [Fact]
    public void A_title_match_outranks_a_summary_match_which_outranks_the_body()
    {
        var inBody = Entry("body", "Other", "Nothing here.", "Talk about sleep and more sleep.");
        var inSummary = Entry("summary", "Other", "Helps sleep.", "Nothing.");
        var inTitle = Entry("title", "Sleep", "Nothing here.", "Nothing.");

        var results = ResourceMatcher.Search([inBody, inSummary, inTitle], "sleep", null, null, 10);

        Assert.Equal(["title", "summary", "body"], results.Select(r => r.Info.Id));
    }

    [Fact]
    public void Every_search_word_must_match_and_stop_words_are_ignored()
    {
        var both = Entry("both", "Sleep and worry", "S.", "B.");
        var one = Entry("one", "Sleep", "S.", "B.");

        var results = ResourceMatcher.Search([both, one], "how to sleep with worry", null, null, 10);

        Assert.Equal(["both"], results.Select(r => r.Info.Id));
    }

    [Fact]
    public void Words_match_by_prefix_either_way_and_body_counts_are_capped()
    {
        var anxious = Entry("a", "Anxiety", "S.", "B.");
        var sleeping = Entry("s", "Sleep", "S.", "B.");
        var repeated = Entry("r", "Other", "S.", string.Join(' ', Enumerable.Repeat("calm", 20)));
        var once = Entry("o", "Other", "S.", "calm calm calm");

        Assert.Equal(["a"], ResourceMatcher.Search([anxious, sleeping], "anx", null, null, 10).Select(r => r.Info.Id));
        Assert.Equal(["s"], ResourceMatcher.Search([anxious, sleeping], "sleeping", null, null, 10).Select(r => r.Info.Id));
        Assert.Equal(ResourceMatcher.Score(once, ["calm"], null, null, true), ResourceMatcher.Score(repeated, ["calm"], null, null, true));
    }

    [Fact]
    public void Search_filters_by_emotion_and_concern_while_suggestions_take_either()
    {
        var fearSleep = Entry("fs", "A", "S.", "B.", emotions: [Emotion.Fear], concerns: ["sleep"]);
        var fearGrief = Entry("fg", "B", "S.", "B.", emotions: [Emotion.Fear], concerns: ["grief"]);
        var sadSleep = Entry("ss", "C", "S.", "B.", emotions: [Emotion.Sad], concerns: ["sleep"]);
        var other = Entry("o", "D", "S.", "B.", emotions: [Emotion.Happy], concerns: ["stress"]);
        ResourceEntry[] all = [fearSleep, fearGrief, sadSleep, other];

        Assert.Equal(["fs"], ResourceMatcher.Search(all, null, Emotion.Fear, "sleep", 10).Select(r => r.Info.Id));
        Assert.Equal(["fs", "ss", "fg"], ResourceMatcher.Suggest(all, Emotion.Fear, "Sleep ", 10).Select(r => r.Info.Id));
        Assert.Equal(4, ResourceMatcher.Suggest(all, null, null, 10).Count);
    }

    [Fact]
    public void Ties_go_to_authored_then_exercises_then_title_and_max_cuts_the_list()
    {
        var added = Entry("added", "A", "S.", "B.", kind: ResourceKind.Exercise, addedBy: "therapist-1");
        var article = Entry("article", "A", "S.", "B.");
        var exerciseZ = Entry("exercise-z", "Z", "S.", "B.", kind: ResourceKind.Exercise);
        var exerciseB = Entry("exercise-b", "b", "S.", "B.", kind: ResourceKind.Exercise);

        var results = ResourceMatcher.Search([added, article, exerciseZ, exerciseB], null, null, null, 10);

        Assert.Equal(["exercise-b", "exercise-z", "article", "added"], results.Select(r => r.Info.Id));
        Assert.Equal(["exercise-b", "exercise-z"], ResourceMatcher.Search([added, article, exerciseZ, exerciseB], null, null, null, 2).Select(r => r.Info.Id));
    }

    [Theory]
    [InlineData("panic", "panic")]
    [InlineData("cannot sleep at night", "sleep")]
    [InlineData("grounding", "grounding-5-4-3-2-1")]
    [InlineData("lonely", "loneliness")]
    [InlineData("breathing", "box-breathing")]
    public void The_authored_library_answers_everyday_searches_with_the_fitting_resource_first(string query, string expected)
    {
        var results = ResourceMatcher.Search(AuthoredResources.Entries, query, null, null, 5);

        Assert.Equal(expected, results[0].Info.Id);
    }

    [Fact]
    public void Suggestions_for_fear_and_panic_start_with_what_helps_in_the_moment()
    {
        var results = ResourceMatcher.Suggest(AuthoredResources.Entries, Emotion.Fear, "panic", 3);

        Assert.Equal(["grounding-5-4-3-2-1", "box-breathing", "panic"], results.Select(r => r.Info.Id));
    }
}

using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Resources;

/// <summary>
/// Ranks resources against words, an emotion and a concern; searches and the chatbot's suggestions both go through
/// <see cref="Score"/>. Each search word (stop words such as "the" or "how" left out) earns, where it matches: 8 in the
/// title, 5 in the concern tags, 3 in the summary, and 1 per occurrence in the body up to 3. A word matches a word of the
/// resource that starts with it ("anx" finds "anxiety"), or one of four or more letters it starts with ("sleeping" finds
/// "sleep"). A matching concern adds 6, a matching emotion 3. Ties go to the team's resources before therapists',
/// exercises before articles before videos (help now first), then the title.
/// </summary>
public static class ResourceMatcher
{
    private static readonly HashSet<string> StopWords = new(
        ["a", "an", "the", "and", "or", "to", "of", "in", "on", "at", "for", "from", "with", "how", "what", "when", "i", "i'm", "my", "me", "you", "your",
         "is", "am", "are", "be", "it", "this", "that", "do", "can", "get", "so", "about", "feel", "feeling"],
        StringComparer.Ordinal);

    /// <summary>
    /// A search: every given part must match (each word somewhere, the emotion, the concern). With nothing given, everything
    /// matches in tie order.
    /// </summary>
    public static IReadOnlyList<ResourceEntry> Search(IEnumerable<ResourceEntry> entries, string? text, Emotion? emotion, string? concern, int max)
    {
        var terms = Terms(text);
        return Rank(entries, e => Score(e, terms, emotion, concern, requireEvery: true), max);
    }

    /// <summary>
    /// Suggestions: resources that fit the emotion or the concern (either is enough), the closest first; with neither
    /// given, every resource in tie order, so a patient who named nothing still gets exercises to try.
    /// </summary>
    public static IReadOnlyList<ResourceEntry> Suggest(IEnumerable<ResourceEntry> entries, Emotion? emotion, string? concern, int max)
    {
        var tag = concern is null ? null : ResourceText.NormaliseTag(concern);
        return Rank(entries, e => Score(e, [], emotion, tag, requireEvery: false), max);
    }

    /// <summary>
    /// The score of <paramref name="entry"/>, or null when it does not qualify: with <paramref name="requireEvery"/> every
    /// term, the emotion and the concern must match; otherwise the emotion or the concern, when either is given.
    /// </summary>
    public static int? Score(ResourceEntry entry, IReadOnlyList<string> terms, Emotion? emotion, string? concern, bool requireEvery)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(terms);
        var score = 0;
        foreach (var term in terms)
        {
            var termScore = (entry.TitleWords.Any(w => Matches(w, term)) ? 8 : 0)
                + (entry.TagWords.Any(w => Matches(w, term)) ? 5 : 0)
                + (entry.SummaryWords.Any(w => Matches(w, term)) ? 3 : 0)
                + Math.Min(3, entry.BodyWords.Where(w => Matches(w.Key, term)).Sum(w => w.Value));
            if (termScore == 0 && requireEvery)
            {
                return null;
            }

            score += termScore;
        }

        var emotionMatches = emotion is { } e && entry.Info.Emotions.Contains(e);
        var concernMatches = concern is not null && entry.Info.Concerns.Contains(concern, StringComparer.Ordinal);
        if (requireEvery ? (emotion is not null && !emotionMatches) || (concern is not null && !concernMatches)
                         : (emotion is not null || concern is not null) && !emotionMatches && !concernMatches)
        {
            return null;
        }

        return score + (concernMatches ? 6 : 0) + (emotionMatches ? 3 : 0);
    }

    /// <summary>The search words of <paramref name="text"/>: distinct, lowercase, stop words and single letters left out.</summary>
    public static IReadOnlyList<string> Terms(string? text) =>
        text is null ? [] : [.. ResourceText.Words(text).Where(w => w.Length > 1 && !StopWords.Contains(w)).Distinct(StringComparer.Ordinal)];

    private static bool Matches(string word, string term) =>
        word.StartsWith(term, StringComparison.Ordinal) || (word.Length >= 4 && term.StartsWith(word, StringComparison.Ordinal));

    private static IReadOnlyList<ResourceEntry> Rank(IEnumerable<ResourceEntry> entries, Func<ResourceEntry, int?> score, int max)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return [.. entries
            .Select(e => (Entry: e, Score: score(e)))
            .Where(s => s.Score is not null)
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Entry.Info.AddedBy is null ? 0 : 1)
            .ThenBy(s => KindOrder(s.Entry.Info.Kind))
            .ThenBy(s => s.Entry.Info.Title, StringComparer.OrdinalIgnoreCase)
            .Take(max)
            .Select(s => s.Entry)];
    }

    private static int KindOrder(ResourceKind kind) => kind switch
    {
        ResourceKind.Exercise => 0,
        ResourceKind.Article => 1,
        _ => 2,
    };
}

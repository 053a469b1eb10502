using System.Text.RegularExpressions;
using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Resources;

/// <summary>What a resource id, a therapist's resource and a search may be; the library grain and the Api both ask here.</summary>
public static partial class ResourceRules
{
    /// <summary>True for a lowercase slug of letters, digits and hyphens up to <see cref="ResourceLimits.MaxIdLength"/> characters.</summary>
    public static bool IsId(string? id) => id is not null && IdShape().IsMatch(id);

    /// <summary>What is wrong with <paramref name="resource"/>, by field (JSON names); empty when it is acceptable.</summary>
    public static IReadOnlyList<(string Field, string Error)> Check(NewResource? resource)
    {
        if (resource is null)
        {
            return [("resource", "A resource is required.")];
        }

        var problems = new List<(string, string)>();
        Text(problems, "title", resource.Title, ResourceLimits.MaxTitleLength, singleLine: true);
        Text(problems, "summary", resource.Summary, ResourceLimits.MaxSummaryLength, singleLine: true);
        Text(problems, "markdown", resource.Markdown, ResourceLimits.MaxMarkdownLength, singleLine: false);
        if (!Enum.IsDefined(resource.Kind))
        {
            problems.Add(("kind", $"One of {string.Join(", ", Enum.GetNames<ResourceKind>())}."));
        }

        var emotions = resource.Emotions ?? [];
        if (emotions.Count > ResourceLimits.MaxTags || emotions.Any(e => !Enum.IsDefined(e)) || emotions.Distinct().Count() != emotions.Count)
        {
            problems.Add(("emotions", $"At most {ResourceLimits.MaxTags} different emotions, each one of {string.Join(", ", Enum.GetNames<Emotion>())}."));
        }

        problems.AddRange(CheckConcerns(resource.Concerns));
        return problems;
    }

    /// <summary>What is wrong with <paramref name="search"/>, by field; empty when it is acceptable.</summary>
    public static IReadOnlyList<(string Field, string Error)> Check(ResourceSearch? search)
    {
        if (search is null)
        {
            return [("search", "A search is required.")];
        }

        var problems = new List<(string, string)>();
        if (search.Text is { Length: > ResourceLimits.MaxQueryLength })
        {
            problems.Add(("q", $"At most {ResourceLimits.MaxQueryLength} characters."));
        }

        if (search.Concern is not null && !ResourceConcerns.All.Contains(search.Concern))
        {
            problems.Add(("concern", UnknownConcern));
        }

        if (search.Emotion is { } emotion && !Enum.IsDefined(emotion))
        {
            problems.Add(("emotion", $"One of {string.Join(", ", Enum.GetNames<Emotion>())}."));
        }

        if (search.Max is < 1 or > ResourceLimits.MaxResults)
        {
            problems.Add(("limit", $"Between 1 and {ResourceLimits.MaxResults}."));
        }

        return problems;
    }

    /// <summary>The problems of a list of concern tags: one to <see cref="ResourceLimits.MaxTags"/> known, different tags.</summary>
    public static IReadOnlyList<(string Field, string Error)> CheckConcerns(IReadOnlyList<string>? concerns)
    {
        if (concerns is null || concerns.Count == 0 || concerns.Count > ResourceLimits.MaxTags || concerns.Distinct(StringComparer.Ordinal).Count() != concerns.Count)
        {
            return [("concerns", $"One to {ResourceLimits.MaxTags} different tags.")];
        }

        return concerns.All(c => c is not null && ResourceConcerns.All.Contains(c)) ? [] : [("concerns", UnknownConcern)];
    }

    /// <summary>Throws when <paramref name="problems"/> is not empty, naming every problem.</summary>
    /// <exception cref="ArgumentException">There is at least one problem.</exception>
    public static void ThrowIfAny(IReadOnlyList<(string Field, string Error)> problems, string parameterName)
    {
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems.Select(p => $"{p.Field}: {p.Error}")), parameterName);
        }
    }

    private static readonly string UnknownConcern = $"Each tag is one of {string.Join(", ", ResourceConcerns.All.Order(StringComparer.Ordinal))}.";

    private static void Text(List<(string, string)> problems, string field, string? value, int maxLength, bool singleLine)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength)
        {
            problems.Add((field, $"Between 1 and {maxLength} characters."));
        }
        else if (value.Any(c => char.IsControl(c) && (singleLine || c is not ('\n' or '\r' or '\t'))))
        {
            problems.Add((field, singleLine ? "One line without control characters." : "No control characters other than line breaks and tabs."));
        }
    }

    [GeneratedRegex(@"\A[a-z0-9][a-z0-9-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdShape();
}

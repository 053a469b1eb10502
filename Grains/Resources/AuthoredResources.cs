using System.Globalization;
using System.Reflection;
using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Resources;

/// <summary>An authored resource file: its front matter as a listing, and its Markdown body.</summary>
/// <param name="FileName">The file, for error messages.</param>
/// <param name="Info">The listing the front matter describes.</param>
/// <param name="Markdown">The body after the front matter.</param>
public sealed record AuthoredFile(string FileName, ResourceInfo Info, string Markdown);

/// <summary>
/// The team's articles and exercises, Markdown files in <c>Grains/Resources/Content</c> embedded in this assembly. Each
/// starts with front matter between two <c>---</c> lines, one <c>key: value</c> per line: id (the file's name),
/// title, summary, kind, emotions and concerns (comma-separated), minutes.
/// </summary>
public static class AuthoredResources
{
    private const string ResourcePrefix = "EmoteCare.Grains.Resources.Content.";

    private static readonly string[] Keys = ["id", "title", "summary", "kind", "emotions", "concerns", "minutes"];

    private static readonly Lazy<IReadOnlyList<ResourceEntry>> Loaded = new(() => [.. Files().Select(f => ResourceEntry.Create(f.Info, f.Markdown))]);

    /// <summary>Every authored resource, rendered; loaded once per process.</summary>
    public static IReadOnlyList<ResourceEntry> Entries => Loaded.Value;

    /// <summary>Every embedded file, parsed.</summary>
    /// <exception cref="FormatException">A file's front matter is incomplete or wrong; the message names the file.</exception>
    public static IReadOnlyList<AuthoredFile> Files()
    {
        var assembly = typeof(AuthoredResources).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".md", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => Parse(n[ResourcePrefix.Length..], Read(assembly, n)))];
    }

    /// <summary>Parses one file.</summary>
    /// <exception cref="FormatException">The front matter is missing, incomplete or names something unknown.</exception>
    public static AuthoredFile Parse(string fileName, string text)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var end = Array.IndexOf(lines, "---", 1);
        if (lines[0] != "---" || end < 0)
        {
            throw Error(fileName, "does not start with front matter between two '---' lines");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines[1..end].Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var key = colon > 0 ? line[..colon].Trim() : "";
            if (!Keys.Contains(key) || !fields.TryAdd(key, line[(colon + 1)..].Trim()))
            {
                throw Error(fileName, $"has an unknown or repeated front matter line '{line}'");
            }
        }

        if (Keys.FirstOrDefault(k => string.IsNullOrEmpty(fields.GetValueOrDefault(k))) is { } missing)
        {
            throw Error(fileName, $"lacks '{missing}' in its front matter");
        }

        var id = fields["id"];
        if (!ResourceRules.IsId(id) || fileName != id + ".md")
        {
            throw Error(fileName, $"has id '{id}'; an id is a lowercase slug and the file is named after it");
        }

        if (!Enum.TryParse<ResourceKind>(fields["kind"], ignoreCase: false, out var kind) || !Enum.IsDefined(kind))
        {
            throw Error(fileName, $"has kind '{fields["kind"]}'; one of {string.Join(", ", Enum.GetNames<ResourceKind>())}");
        }

        var emotions = new List<Emotion>();
        foreach (var name in List(fields["emotions"]))
        {
            emotions.Add(Enum.TryParse<Emotion>(name, ignoreCase: false, out var emotion) && Enum.IsDefined(emotion)
                ? emotion
                : throw Error(fileName, $"names emotion '{name}'; one of {string.Join(", ", Enum.GetNames<Emotion>())}"));
        }

        var concerns = List(fields["concerns"]);
        if (ResourceRules.CheckConcerns(concerns) is [var (_, concernError), ..])
        {
            throw Error(fileName, $"has concerns '{fields["concerns"]}': {concernError}");
        }

        if (!int.TryParse(fields["minutes"], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) || minutes is < 1 or > 60)
        {
            throw Error(fileName, $"has minutes '{fields["minutes"]}'; a whole number from 1 to 60");
        }

        var info = new ResourceInfo(id, fields["title"], fields["summary"], kind, emotions, concerns, minutes, null, null);
        return new AuthoredFile(fileName, info, string.Join('\n', lines[(end + 1)..]).Trim());
    }

    private static string[] List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static FormatException Error(string fileName, string problem) => new($"Resource file {fileName} {problem}.");
}

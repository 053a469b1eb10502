namespace EmoteCare.Text.Tests.Crisis;

/// <summary>The hand-written crisis test set, the shared GoEmotions data next to the repository, and the repository itself.</summary>
internal static class CrisisTestData
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Crisis", "TestData");

    public static readonly string[] Kinds = ["explicit", "indirect", "misspelt-slang", "hard-negatives"];

    /// <summary>The messages of one kind's file, with their labels.</summary>
    public static IReadOnlyList<(string Text, bool IsCrisis)> Read(string kind) =>
        File.ReadAllLines(Path.Combine(Folder, kind + ".tsv"))
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(parts => (parts[0], parts[1] == "1"))
            .ToArray();

    public static string? RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>../shared/datasets/goemotions/dev.tsv beside the repository (never copied into it).</summary>
    public static string GoEmotionsDev => Path.GetFullPath(Path.Combine(RepositoryRoot ?? AppContext.BaseDirectory, "..", "shared", "datasets", "goemotions", "dev.tsv"));

    private static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EmoteCare.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}

/// <summary>A fact skipped, with the reason, when the shared GoEmotions dev split is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FactRequiringGoEmotionsDevAttribute : FactAttribute
{
    public FactRequiringGoEmotionsDevAttribute()
    {
        if (!File.Exists(CrisisTestData.GoEmotionsDev))
        {
            Skip = $"{CrisisTestData.GoEmotionsDev} is absent (GoEmotions is shared data next to the repository, never committed); this test measures false alarms on it.";
        }
    }
}

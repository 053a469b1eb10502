namespace EmoteCare.Evaluate.Tests;

/// <summary>Locations of the repository, the shared data next to it, and this project's test data.</summary>
internal static class TestPaths
{
    public static readonly string RepositoryRoot = FindRepositoryRoot()
        ?? throw new InvalidOperationException($"Tests must run from inside the repository (no {EmoteCare.Evaluate.RepositoryRoot.SolutionFile} above {AppContext.BaseDirectory}).");

    /// <summary>../shared/datasets/fer2013 relative to the repository root (never copied into the repository).</summary>
    public static string Fer2013 => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "datasets", "fer2013"));

    public static string Fer2013Val => Path.Combine(Fer2013, "val");

    /// <summary>The committed model the command uses by default.</summary>
    public static string CommittedModel => Path.Combine(RepositoryRoot, EvaluateCommand.DefaultModel);

    public static string EmotionTestModel => Path.Combine(AppContext.BaseDirectory, "TestData", "emotion-test.onnx");

    internal static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, EmoteCare.Evaluate.RepositoryRoot.SolutionFile)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}

/// <summary>A fact that is skipped, saying which folder is missing, when the FER2013 validation split is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FactRequiringFer2013Attribute : FactAttribute
{
    public FactRequiringFer2013Attribute()
    {
        // Discovery must not throw: outside a checkout there is no dataset to look for either.
        var root = TestPaths.FindRepositoryRoot();
        var val = root is null ? "../shared/datasets/fer2013/val" : Path.GetFullPath(Path.Combine(root, "..", "shared", "datasets", "fer2013", "val"));
        if (!Directory.Exists(val))
        {
            Skip = $"{val} is absent (FER2013 is shared data next to the repository, never committed); this test evaluates on it.";
        }
    }
}

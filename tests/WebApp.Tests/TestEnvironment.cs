using EmoteCare.Vision;

namespace EmoteCare.WebApp.Tests;

/// <summary>Where things are: the repository, the shared datasets beside it, the built web app, Chromium and the model.</summary>
internal static class TestEnvironment
{
    public static readonly string RepositoryRoot =
        RepositoryFolder.FindAbove(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Tests must run from inside the repository.");

    /// <summary>../shared/datasets beside the repository; the fake camera's faces come from its FER2013 copy.</summary>
    public static readonly string Datasets = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "datasets"));

    public static readonly string Fer2013 = Path.Combine(Datasets, "fer2013");

    /// <summary>Debian's Chromium, installed by eng/install-deps.sh.</summary>
    public static string Chromium => Environment.GetEnvironmentVariable("EMOTECARE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>What `npm run --prefix web build` writes and the Api serves.</summary>
    public static readonly string WebRoot = Path.Combine(RepositoryRoot, "Api", "wwwroot");

    /// <summary>Screenshots of every page, kept as test artefacts (TestResults/ is git-ignored).</summary>
    public static string Screenshots =>
        Environment.GetEnvironmentVariable("EMOTECARE_SCREENSHOTS") is { Length: > 0 } path
            ? path
            : Path.Combine(RepositoryRoot, "tests", "WebApp.Tests", "TestResults", "screenshots");

    /// <summary>Set EMOTECARE_UPDATE_SCREENSHOTS=1 to refresh the README's screenshot in docs/screenshots as well.</summary>
    public static bool UpdateDocsScreenshots => Environment.GetEnvironmentVariable("EMOTECARE_UPDATE_SCREENSHOTS") == "1";

    public static readonly string DocsScreenshots = Path.Combine(RepositoryRoot, "docs", "screenshots");

    /// <summary>The trained model when it is there, else the plumbing stand-in the vision tests use (bright → happy, dark → sad).</summary>
    public static string ModelPath
    {
        get
        {
            var trained = Path.Combine(RepositoryRoot, "models", "emotion-fer.onnx");
            return File.Exists(trained) && File.Exists(Path.ChangeExtension(trained, ".json"))
                ? trained
                : Path.Combine(RepositoryRoot, "tests", "Vision.Tests", "TestData", "emotion-test.onnx");
        }
    }
}

/// <summary>A fact skipped, with the reason printed, when ../shared/datasets is absent (the fake camera is made from it).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FactRequiringDatasetsAttribute : FactAttribute
{
    public FactRequiringDatasetsAttribute()
    {
        if (!Directory.Exists(TestEnvironment.Fer2013))
        {
            Skip = $"{TestEnvironment.Fer2013} is absent: the fake webcam video is made from its faces, so this end-to-end test cannot run.";
        }
    }
}

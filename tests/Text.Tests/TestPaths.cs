using EmoteCare.Vision;

namespace EmoteCare.Text.Tests;

/// <summary>The repository's text model, its golden tokenizer file and this project's stand-in model.</summary>
internal static class TestPaths
{
    public static readonly string RepositoryRoot = RepositoryFolder.FindAbove(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException($"Tests must run from inside the repository (no EmoteCare.sln above {AppContext.BaseDirectory}).");

    public static string CommittedModel => Path.Combine(RepositoryRoot, "models", "emotion-text.onnx");

    public static string CommittedVocabulary => Path.Combine(RepositoryRoot, "models", "emotion-text.vocab.txt");

    public static string GoldenTokenizer => Path.Combine(RepositoryRoot, "models", "training", "text", "golden", "tokenizer.jsonl");

    public static string GoEmotionsPython => Path.Combine(RepositoryRoot, "models", "training", "text", "goemotions.py");

    public static string TestModel => Path.Combine(AppContext.BaseDirectory, "TestData", "text-test.onnx");
}

namespace EmoteCare.Vision.Tests;

/// <summary>Locations of the repository, the shared data next to it, and system test data.</summary>
internal static class TestPaths
{
    public static readonly string RepositoryRoot =
        RepositoryFolder.FindAbove(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Tests must run from inside the repository.");

    /// <summary>../shared relative to the repository root (datasets and third-party models; never copied in).</summary>
    public static readonly string SharedRoot = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    public static readonly string Fer2013 = Path.Combine(SharedRoot, "datasets", "fer2013");

    public static readonly string YuNetModel = Path.Combine(SharedRoot, "models", "face_detection_yunet_2023mar.onnx");

    public static readonly string HaarFrontalFace = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";

    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static string EmotionTestModel => TestData("emotion-test.onnx");
}

/// <summary>A fact that is skipped, with the reason shown in the test output, when a data file is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FactRequiringFileAttribute : FactAttribute
{
    /// <param name="pathKeys">"fer2013", "yunet", or paths (relative ones from the repository root).</param>
    public FactRequiringFileAttribute(params string[] pathKeys)
    {
        foreach (var key in pathKeys)
        {
            var path = key switch
            {
                "fer2013" => TestPaths.Fer2013,
                "yunet" => TestPaths.YuNetModel,
                _ => Path.IsPathRooted(key) ? key : Path.Combine(TestPaths.RepositoryRoot, key),
            };
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                Skip = $"{path} is absent (shared data next to the repository); this test needs it.";
                return;
            }
        }
    }
}

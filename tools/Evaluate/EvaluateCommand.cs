using EmoteCare.Vision.Classification;
using EmoteCare.Vision.Onnx;

namespace EmoteCare.Evaluate;

/// <summary>
/// The <c>faces</c> command: scores an emotion model on a folder-per-class set of face images through
/// the product's own decode and ONNX Runtime path, so the number it prints is the accuracy the server gets.
/// <c>texts</c> is handed to <see cref="TextsCommand"/>.
/// </summary>
internal static class EvaluateCommand
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int UsageError = 2;

    public const string DefaultModel = "models/emotion-fer.onnx";

    /// <summary>Runs the command; the report goes to <paramref name="output"/>, problems to <paramref name="error"/>.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        if (args.Count > 0 && args[0] is "-h" or "--help" or "help")
        {
            output.WriteLine(EvaluateOptions.Usage);
            output.WriteLine(TextsCommand.Usage);
            return Success;
        }

        if (args.Count > 0 && args[0] == "texts")
        {
            return TextsCommand.Run(args, output, error);
        }

        if (!EvaluateOptions.TryParse(args, out var options, out var problem))
        {
            error.WriteLine($"error: {problem}");
            error.WriteLine(EvaluateOptions.Usage);
            return UsageError;
        }

        try
        {
            Evaluate(options!, output);
            return Success;
        }
        catch (Exception e) when (e is EvaluationException or FileNotFoundException or InvalidDataException
                                      or OnnxRuntimeException)
        {
            // Configuration problems (missing files, bad sidecar, a model ONNX Runtime cannot load) get one clear line.
            error.WriteLine($"error: {e.Message}");
            return Failed;
        }
    }

    private static void Evaluate(EvaluateOptions options, TextWriter output)
    {
        if (!Directory.Exists(options.Folder))
        {
            throw new EvaluationException($"image folder not found: {Path.GetFullPath(options.Folder)}");
        }

        var modelPath = ResolveModel(options.ModelPath, DefaultModel, "models/training/train.py");
        var session = new OnnxSessionOptions();
        using var classifier = EmotionClassifier.Open(modelPath, session);
        var classNames = SidecarClassNames.Read(modelPath, classifier.Model);
        var folder = FaceFolder.Scan(options.Folder, classNames, options.LimitPerClass);

        output.WriteLine($"model: {modelPath}");
        output.WriteLine($"       {classifier.Model}");
        output.WriteLine(FormattableString.Invariant($"       ONNX Runtime {OnnxSession.RuntimeVersion}, {session.IntraOpThreads} intra-op thread(s), graph optimisation {session.GraphOptimization}"));
        var limit = options.LimitPerClass is { } n ? FormattableString.Invariant($" (first {n} per class by file name)") : string.Empty;
        output.WriteLine($"images: {folder.Root}{limit}");
        output.WriteLine($"flip: {(options.Flip ? "on (mean probabilities of each face and its mirror)" : "off")}");
        output.WriteLine();

        var result = new FaceEvaluator(classifier, options.BatchSize, options.Flip).Evaluate(folder);
        if (result.Count == 0)
        {
            throw new EvaluationException($"none of the {result.Unreadable.Count} images in {folder.Root} could be read; first: {result.Unreadable[0].Image.Path}: {result.Unreadable[0].Reason}");
        }

        EvaluationReport.Write(output, result);
    }

    /// <summary>The requested model's full path, or the repository's <paramref name="defaultModel"/>; <paramref name="trainer"/> is named when the default is missing.</summary>
    internal static string ResolveModel(string? requested, string defaultModel, string trainer)
    {
        string path;
        if (requested is not null)
        {
            path = Path.GetFullPath(requested);
        }
        else
        {
            var root = RepositoryRoot.Find()
                ?? throw new EvaluationException(
                    $"no repository root ({RepositoryRoot.SolutionFile}) above {Environment.CurrentDirectory} or {AppContext.BaseDirectory} " +
                    $"to find {defaultModel} in; pass --model");
            path = Path.Combine(root, defaultModel);
        }

        if (!File.Exists(path))
        {
            throw new EvaluationException(
                requested is null
                    ? $"model not found: {path} (train it with {trainer}, or pass --model)"
                    : $"model not found: {path}");
        }

        return path;
    }
}

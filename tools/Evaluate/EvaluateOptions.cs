using System.Globalization;

namespace EmoteCare.Evaluate;

/// <summary>What the <c>faces</c> command was asked to do.</summary>
/// <param name="Folder">Folder with one sub-folder of face images per class.</param>
/// <param name="ModelPath">The .onnx model (sidecar .json beside it); null means the repository's models/emotion-fer.onnx.</param>
/// <param name="LimitPerClass">Take at most this many images per class (the first ones by file name), for quick runs.</param>
/// <param name="Flip">Also classify each face's left-right mirror and average the two probability vectors.</param>
/// <param name="BatchSize">Faces per ONNX Runtime call.</param>
internal sealed record EvaluateOptions(string Folder, string? ModelPath, int? LimitPerClass, bool Flip, int BatchSize)
{
    public const int DefaultBatchSize = 64;

    public const string Usage = """
        usage: dotnet run -c Release --project tools/Evaluate -- faces <folder> [options]
          <folder>               one sub-folder of face images per class, named as the model's classes (any case)
          --model PATH           ONNX model with its sidecar .json beside it (default: <repo>/models/emotion-fer.onnx)
          --limit-per-class N    at most N images per class, the first by file name (quick runs)
          --flip                 test-time augmentation: average the probabilities of each face and its mirror
          --batch N              faces per ONNX Runtime call (default 64)
        """;

    /// <summary>Parses the command line; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out EvaluateOptions? options, out string? error)
    {
        options = null;
        if (args.Count == 0 || args[0] != "faces")
        {
            error = args.Count == 0 ? "no command given" : $"unknown command '{args[0]}'";
            return false;
        }

        string? folder = null;
        string? model = null;
        int? limit = null;
        var flip = false;
        var batch = DefaultBatchSize;
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--flip":
                    flip = true;
                    break;
                case "--model":
                    if (!TryValue(args, ref i, arg, out model, out error))
                    {
                        return false;
                    }

                    break;
                case "--limit-per-class" or "--batch":
                    if (!TryValue(args, ref i, arg, out var text, out error))
                    {
                        return false;
                    }

                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
                    {
                        error = $"{arg} needs a positive whole number, got '{text}'";
                        return false;
                    }

                    if (arg == "--batch")
                    {
                        batch = number;
                    }
                    else
                    {
                        limit = number;
                    }

                    break;
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal) || folder is not null)
                    {
                        error = $"unexpected argument '{arg}'";
                        return false;
                    }

                    folder = arg;
                    break;
            }
        }

        if (folder is null)
        {
            error = "faces needs the folder of class folders to evaluate";
            return false;
        }

        options = new EvaluateOptions(folder, model, limit, flip, batch);
        error = null;
        return true;
    }

    private static bool TryValue(IReadOnlyList<string> args, ref int i, string name, out string? value, out string? error)
    {
        if (i + 1 >= args.Count)
        {
            value = null;
            error = $"{name} needs a value";
            return false;
        }

        value = args[++i];
        error = null;
        return true;
    }
}

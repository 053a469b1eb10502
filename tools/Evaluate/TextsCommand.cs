using System.Diagnostics;
using System.Globalization;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Text;
using Microsoft.ML.OnnxRuntime;

namespace EmoteCare.Evaluate;

/// <summary>
/// The <c>texts</c> command: scores the text emotion model on a GoEmotions-format file through the product's
/// tokenizer, ONNX Runtime session and sidecar thresholds, so the macro-F1 it prints is what the chat gets.
/// </summary>
internal static class TextsCommand
{
    public const string DefaultModel = "models/emotion-text.onnx";

    public const string Usage = """
        usage: dotnet run -c Release --project tools/Evaluate -- texts <file.tsv> [--model PATH]
          <file.tsv>             GoEmotions format: text<TAB>comma-separated label ids (0..27)<TAB>id, no header
          --model PATH           ONNX model with its sidecar .json and vocabulary beside it (default: <repo>/models/emotion-text.onnx)
        """;

    /// <summary>Runs the command; the report goes to <paramref name="output"/>, problems to <paramref name="error"/>.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        string? file = null;
        string? model = null;
        for (var i = 1; i < args.Count; i++)
        {
            if (args[i] == "--model" && i + 1 < args.Count)
            {
                model = args[++i];
            }
            else if (!args[i].StartsWith("--", StringComparison.Ordinal) && file is null)
            {
                file = args[i];
            }
            else
            {
                return UsageError(error, args[i] == "--model" ? "--model needs a value" : $"unexpected argument '{args[i]}'");
            }
        }

        if (file is null)
        {
            return UsageError(error, "texts needs the GoEmotions-format file to evaluate");
        }

        try
        {
            Evaluate(file, model, output);
            return EvaluateCommand.Success;
        }
        catch (Exception e) when (e is EvaluationException or FileNotFoundException or InvalidDataException or OnnxRuntimeException)
        {
            error.WriteLine($"error: {e.Message}");
            return EvaluateCommand.Failed;
        }
    }

    private static void Evaluate(string file, string? requestedModel, TextWriter output)
    {
        var rows = GoEmotionsFile.Read(file);
        var modelPath = EvaluateCommand.ResolveModel(requestedModel, DefaultModel, "models/training/text/train.py");
        using var classifier = TextEmotionClassifier.Open(modelPath);
        output.WriteLine($"model: {modelPath}");
        output.WriteLine(FormattableString.Invariant($"       {classifier.Model.Name} {classifier.Model.Version}, vocabulary {classifier.Tokenizer.VocabularySize} words, thresholds {string.Join(" ", classifier.Model.Thresholds.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))}"));
        output.WriteLine($"texts: {Path.GetFullPath(file)}");
        output.WriteLine();

        var scores = new MultiLabelScores();
        var clock = Stopwatch.StartNew();
        foreach (var row in rows)
        {
            scores.Add(row.Gold, classifier.Classify(row.Text).Detected);
        }

        clock.Stop();
        var names = Enum.GetValues<Emotion>().Select(e => e.ToString().ToLowerInvariant()).ToArray();
        var width = names.Append("class").Max(n => n.Length);
        output.WriteLine("per-class metrics (multi-label; predicted = the classes over their sidecar threshold, neutral when none):");
        output.WriteLine(FormattableString.Invariant($"  {"class".PadRight(width)}  {"precision",9}  {"recall",6}  {"f1",6}  {"support",7}"));
        foreach (var emotion in Enum.GetValues<Emotion>())
        {
            output.WriteLine(FormattableString.Invariant(
                $"  {names[(int)emotion].PadRight(width)}  {scores.Precision(emotion),9:F4}  {scores.Recall(emotion),6:F4}  {scores.F1(emotion),6:F4}  {scores.Support(emotion),7}"));
        }

        var absent = Enum.GetValues<Emotion>().Where(e => scores.Support(e) == 0).Select(e => names[(int)e]).ToArray();
        output.WriteLine(absent.Length == 0
            ? "macro-F1 over all 7 classes"
            : $"macro-F1 over the classes in the file's labels, without {string.Join(", ", absent)}");
        output.WriteLine(FormattableString.Invariant($"time per text: {clock.Elapsed.TotalMilliseconds / rows.Count:F3} ms (tokenize and classify, one thread)"));
        output.WriteLine(scores.MacroF1Line());
    }

    private static int UsageError(TextWriter error, string problem)
    {
        error.WriteLine($"error: {problem}");
        error.WriteLine(Usage);
        return EvaluateCommand.UsageError;
    }
}

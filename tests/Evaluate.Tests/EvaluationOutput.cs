using System.Globalization;
using System.Text.RegularExpressions;

namespace EmoteCare.Evaluate.Tests;

/// <summary>What one run of the command printed, read back the way a person or a script reads it.</summary>
internal sealed partial record EvaluationOutput(
    int ExitCode,
    string Output,
    string Error,
    IReadOnlyList<string> Lines,
    IReadOnlyDictionary<string, int> ImagesPerClass,
    IReadOnlyList<string> MatrixClasses,
    int[][] Confusion,
    int Unreadable)
{
    public string LastLine => Lines[^1];

    public double Accuracy => double.Parse(AccuracyLine().Match(LastLine).Groups[1].Value, CultureInfo.InvariantCulture);

    public int N => int.Parse(AccuracyLine().Match(LastLine).Groups[2].Value, CultureInfo.InvariantCulture);

    /// <summary>Runs the command in-process, exactly as Program.cs does.</summary>
    public static EvaluationOutput Run(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var exitCode = EvaluateCommand.Run(args, output, error);
        return Parse(exitCode, output.ToString(), error.ToString());
    }

    [GeneratedRegex(@"^accuracy: (\d\.\d{4}) \(n=(\d+)\)$")]
    public static partial Regex AccuracyLine();

    private static EvaluationOutput Parse(int exitCode, string output, string error)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        var counts = new Dictionary<string, int>();
        foreach (var line in Section(lines, "images per class:"))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts[0] != "total")
            {
                counts[parts[0]] = int.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }

        var matrix = Section(lines, "confusion matrix (rows: true class, columns: predicted class):").ToArray();
        var classes = matrix.Length == 0 ? [] : matrix[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        var confusion = matrix.Skip(1)
            .Select(row => row.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
        var unreadable = lines.FirstOrDefault(l => l.StartsWith("unreadable: ", StringComparison.Ordinal)) is { } u
            ? int.Parse(u["unreadable: ".Length..], CultureInfo.InvariantCulture)
            : -1;
        return new EvaluationOutput(exitCode, output, error, lines, counts, classes, confusion, unreadable);
    }

    /// <summary>The indented lines under a heading.</summary>
    private static IEnumerable<string> Section(string[] lines, string heading) =>
        lines.SkipWhile(l => l != heading).Skip(1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal));
}

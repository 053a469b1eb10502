using System.Globalization;

namespace EmoteCare.Evaluate.Tests;

/// <summary>The texts command on a small GoEmotions-format file, scored by the hand-set stand-in text model.</summary>
public sealed class TextsCommandTests : IDisposable
{
    private static readonly string TestModel = Path.Combine(AppContext.BaseDirectory, "TestData", "text-test.onnx");
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "TestData", "goemotions-sample.tsv");
    private readonly string _folder = Directory.CreateTempSubdirectory("emotecare-texts-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_macro_f1_is_the_mean_over_the_classes_in_the_gold_labels()
    {
        // goemotions-sample.tsv against the stand-in model's answers:
        //   angry:    2 right (anger, annoyance), 1 wrong ("angry" labelled sadness) -> P 2/3, R 1,   F1 0.8
        //   surprise: "wow" right, "happy days" (joy, surprise) missed               -> P 1,   R 1/2, F1 2/3
        //   happy:    "happy days" right, "wow" also happy                           -> P 1/2, R 1,   F1 2/3
        //   sad:      "sad" labelled neutral, "angry" labelled sadness missed        -> F1 0
        //   neutral:  "nothing here" right, "sad" (neutral) missed                   -> P 1,   R 1/2, F1 2/3
        //   disgust and fear occur in no gold label and stay out: (0.8 + 3 x 2/3 + 0) / 5 = 0.56
        var run = Run("texts", Sample, "--model", TestModel);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("macro_f1: 0.5600 (n=7)", run.LastLine);
        Assert.Contains(run.Lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["angry", "0.6667", "1.0000", "0.8000", "2"]);
        Assert.Contains(run.Lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["disgust", "0.0000", "0.0000", "0.0000", "0"]);
        Assert.Contains("without disgust, fear", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fine\t27\tx1\njust two fields\t27\n", "2: expected 3 tab-separated fields (text, label ids, id), found 2")]
    [InlineData("fine\t27\tx1\nfine\t27\tx2\nout of range\t28\tx3\n", "3: label '28' is not a GoEmotions label id (0 to 27)")]
    [InlineData("not a number\t2,x\tx1\n", "1: label 'x' is not a GoEmotions label id (0 to 27)")]
    [InlineData("no labels\t\tx1\n", "1: label '' is not a GoEmotions label id (0 to 27)")]
    public void A_malformed_line_stops_the_run_with_its_line_number(string content, string problem)
    {
        var file = Path.Combine(_folder, "bad.tsv");
        File.WriteAllText(file, content);

        var run = Run("texts", file, "--model", TestModel);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: {file}:{problem}", run.Error.TrimEnd());
    }

    [Fact]
    public void A_missing_file_or_argument_is_reported()
    {
        var missing = Run("texts", Path.Combine(_folder, "none.tsv"), "--model", TestModel);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("text file not found", missing.Error, StringComparison.Ordinal);

        var noFile = Run("texts");
        Assert.Equal(2, noFile.ExitCode);
        Assert.Contains("texts needs the GoEmotions-format file", noFile.Error, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output, string Error, string[] Lines, string LastLine) Run(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var exitCode = EvaluateCommand.Run(args, output, error);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        return (exitCode, output.ToString(), error.ToString(), lines, lines.Length > 0 ? lines[^1] : string.Empty);
    }
}

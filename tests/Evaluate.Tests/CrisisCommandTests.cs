using System.Globalization;
using System.Text.RegularExpressions;

namespace EmoteCare.Evaluate.Tests;

/// <summary>The crisis command on small labelled files, with the product's detector.</summary>
public sealed partial class CrisisCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("emotecare-crisis-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Lists_misses_and_false_alarms_and_ends_with_recall_and_false_alarm_rate()
    {
        var file = Write(
            "I want to kill myself\t1",
            "my feet are killing me\t0",
            "",
            "the weather is nice today\t1",
            "I'm going to end it all tonight\t1",
            "I wish I was dead\t0");

        var (exitCode, output, error) = Run(file);

        Assert.True(exitCode == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Contains("misses (1):", lines);
        Assert.Contains("  line 4: the weather is nice today", lines);
        Assert.Contains("false alarms (1):", lines);
        Assert.Contains(lines, l => l.StartsWith("  line 6: I wish I was dead  [", StringComparison.Ordinal) && l.Contains("wish-i-were-dead", StringComparison.Ordinal));
        Assert.Matches(LastLine(), lines[^1]);
        Assert.Equal("crisis_recall: 0.6667 fpr: 0.5000 (n=5)", lines[^1]);
    }

    [Fact]
    public void A_file_of_one_label_prints_the_undefined_ratio_as_0_and_says_so()
    {
        var (exitCode, output, _) = Run(Write("this traffic is killing me\t0", "I could kill for a coffee\t0"));

        Assert.Equal(0, exitCode);
        Assert.Contains("recall is undefined and printed as 0", output, StringComparison.Ordinal);
        Assert.EndsWith("crisis_recall: 0.0000 fpr: 0.0000 (n=2)", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no tab here", "no tab")]
    [InlineData("text\tyes", "the label 'yes'")]
    [InlineData("\t1", "no message before the tab")]
    [InlineData("text\t2", "the label '2'")]
    public void A_malformed_line_is_an_error_naming_the_file_and_line(string badLine, string reason)
    {
        var file = Write("I want to die\t1", badLine);

        var (exitCode, output, error) = Run(file);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains($"{file}:2: expected a message, a tab and 1 (crisis) or 0 (not), got {reason}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_empty_file_is_an_error_naming_it()
    {
        var missing = Path.Combine(_folder, "absent.tsv");
        var empty = Write();

        Assert.Contains($"message file not found: {missing}", Run(missing).Error, StringComparison.Ordinal);
        Assert.Contains($"{empty} holds no messages", Run(empty).Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("a.tsv", "b.tsv")]
    [InlineData("--verbose")]
    public void A_malformed_command_line_prints_usage_and_exits_with_2(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);

        Assert.Equal(2, CrisisCommand.Run(args, output, error));
        Assert.StartsWith("error: ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("usage:", error.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^crisis_recall: \d\.\d{4} fpr: \d\.\d{4} \(n=\d+\)$")]
    private static partial Regex LastLine();

    private string Write(params string[] lines)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".tsv");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static (int ExitCode, string Output, string Error) Run(string file)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var exitCode = CrisisCommand.Run([file], output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}

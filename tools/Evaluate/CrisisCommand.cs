using System.Diagnostics;
using System.Globalization;
using EmoteCare.Text;
using Microsoft.Extensions.DependencyInjection;

namespace EmoteCare.Evaluate;

/// <summary>
/// The <c>crisis</c> command: runs the product's crisis detector, registered exactly as the Api registers it, over
/// labelled messages and lists its misses and false alarms. It prints the messages, so it is for test data only.
/// </summary>
internal static class CrisisCommand
{
    public const string Name = "crisis";

    public const string Usage = """
        usage: dotnet run -c Release --project tools/Evaluate -- crisis <file.tsv>
          <file.tsv>   one message per line: text<TAB>1 (a crisis) or text<TAB>0 (not); blank lines are skipped
        Lists misses and false alarms with their text, so use it on test data only, never on patients' messages.
        The last line is: crisis_recall: R fpr: F (n=N)
        """;

    /// <summary>Runs the command on the arguments after <c>crisis</c>.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        if (args.Count == 1 && args[0] is "-h" or "--help")
        {
            output.WriteLine(Usage);
            return EvaluateCommand.Success;
        }

        if (args.Count != 1 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            error.WriteLine(args.Count == 0 ? "error: crisis needs the file of labelled messages" : $"error: unexpected arguments: {string.Join(' ', args)}");
            error.WriteLine(Usage);
            return EvaluateCommand.UsageError;
        }

        try
        {
            var messages = LabelledMessages.Read(args[0]);
            using var services = new ServiceCollection().AddCrisisDetection().BuildServiceProvider();
            Write(output, Path.GetFullPath(args[0]), messages, services.GetRequiredService<ICrisisDetector>());
            return EvaluateCommand.Success;
        }
        catch (Exception e) when (e is EvaluationException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return EvaluateCommand.Failed;
        }
    }

    private static void Write(TextWriter output, string path, IReadOnlyList<LabelledMessage> messages, ICrisisDetector detector)
    {
        var misses = new List<(LabelledMessage Message, CrisisAssessment Assessment)>();
        var falseAlarms = new List<(LabelledMessage Message, CrisisAssessment Assessment)>();
        var signals = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var started = Stopwatch.GetTimestamp();
        foreach (var message in messages)
        {
            var assessment = detector.Assess(message.Text);
            if (assessment.IsCrisis != message.IsCrisis)
            {
                (message.IsCrisis ? misses : falseAlarms).Add((message, assessment));
            }

            foreach (var match in assessment.Matches)
            {
                signals[match] = signals.GetValueOrDefault(match) + 1;
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var positives = messages.Count(m => m.IsCrisis);
        var negatives = messages.Count - positives;
        output.WriteLine($"detector: the product's ({nameof(CrisisServiceCollectionExtensions.AddCrisisDetection)}): C-SSRS patterns and the indirect-wording model");
        output.WriteLine($"messages: {path}");
        output.WriteLine(FormattableString.Invariant($"  {positives} crisis, {negatives} not"));
        output.WriteLine();
        output.WriteLine(FormattableString.Invariant($"misses ({misses.Count}):"));
        foreach (var (message, _) in misses)
        {
            output.WriteLine(FormattableString.Invariant($"  line {message.Line}: {message.Text}"));
        }

        output.WriteLine(FormattableString.Invariant($"false alarms ({falseAlarms.Count}):"));
        foreach (var (message, assessment) in falseAlarms)
        {
            output.WriteLine(FormattableString.Invariant($"  line {message.Line}: {message.Text}  [{string.Join(", ", assessment.Matches)}]"));
        }

        output.WriteLine();
        output.WriteLine("what matched (messages per pattern or model):");
        foreach (var (match, count) in signals)
        {
            output.WriteLine(FormattableString.Invariant($"  {match,-22} {count,5}"));
        }

        output.WriteLine();
        output.WriteLine(FormattableString.Invariant($"time per message: {elapsed.TotalMilliseconds / Math.Max(messages.Count, 1):F4} ms (first call included)"));
        if (positives == 0 || negatives == 0)
        {
            // As in the faces report, an undefined ratio is printed as 0 so the last line keeps its format.
            output.WriteLine(positives == 0 ? "no crisis messages: recall is undefined and printed as 0" : "no other messages: the false-alarm rate is undefined and printed as 0");
        }

        var recall = positives == 0 ? 0 : (double)(positives - misses.Count) / positives;
        var fpr = negatives == 0 ? 0 : (double)falseAlarms.Count / negatives;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"crisis_recall: {recall:F4} fpr: {fpr:F4} (n={messages.Count})"));
    }
}

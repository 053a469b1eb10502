using System.Globalization;
using EmoteCare.Text.Crisis;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EmoteCare.Text.Tests.Crisis;

/// <summary>
/// Issue #12's targets on the hand-written test set and on GoEmotions dev, through the detector as the Api registers it.
/// Each test prints what it missed or flagged, so a failure says which messages to look at.
/// </summary>
public sealed class CrisisTargetTests(ITestOutputHelper output)
{
    private static readonly ICrisisDetector Detector = new ServiceCollection().AddCrisisDetection().BuildServiceProvider().GetRequiredService<ICrisisDetector>();

    [Fact]
    public void The_test_set_has_at_least_300_messages_each_labelled_1_or_0()
    {
        var total = 0;
        foreach (var kind in CrisisTestData.Kinds)
        {
            var lines = File.ReadAllLines(Path.Combine(CrisisTestData.Folder, kind + ".tsv")).Where(l => l.Length > 0).ToArray();
            Assert.All(lines, line => Assert.Matches(@"^[^\t]+\t[01]$", line));
            total += lines.Length;
        }

        Assert.True(total >= 300, $"the crisis test set has {total} messages; the issue asks for at least 300");
    }

    [Fact]
    public void Every_explicit_statement_is_detected()
    {
        var missed = Misses(CrisisTestData.Read("explicit"));

        Assert.True(missed.Count == 0, $"missed explicit statements:\n{string.Join('\n', missed)}");
    }

    [Fact]
    public void The_patterns_alone_detect_every_explicit_and_every_misspelt_or_slang_statement()
    {
        // The deterministic layer must not lean on the trained model for anything said outright.
        var patterns = new CrisisDetector(ModelFiles.Silent());
        var missed = CrisisTestData.Read("explicit").Concat(CrisisTestData.Read("misspelt-slang"))
            .Where(m => m.IsCrisis && !patterns.Assess(m.Text).IsCrisis)
            .Select(m => "  " + m.Text)
            .ToArray();

        Assert.True(missed.Length == 0, $"missed by the patterns alone:\n{string.Join('\n', missed)}");
    }

    [Fact]
    public void Recall_over_every_crisis_message_is_at_least_95_percent()
    {
        var positives = CrisisTestData.Kinds.SelectMany(CrisisTestData.Read).Where(m => m.IsCrisis).ToArray();
        var missed = Misses(positives);
        var recall = 1 - ((double)missed.Count / positives.Length);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"recall {recall:F4} over {positives.Length}; missed:\n{string.Join('\n', missed)}"));

        Assert.True(recall >= 0.95, $"recall {recall:F4} < 0.95; missed:\n{string.Join('\n', missed)}");
    }

    [Fact]
    public void At_most_5_percent_of_the_hard_negatives_are_false_alarms()
    {
        var negatives = CrisisTestData.Read("hard-negatives");
        Assert.All(negatives, m => Assert.False(m.IsCrisis, $"hard-negatives.tsv labels '{m.Text}' a crisis"));
        var alarms = FalseAlarms(negatives.Select(m => m.Text));
        var rate = (double)alarms.Count / negatives.Count;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"false alarms {rate:F4} over {negatives.Count}:\n{string.Join('\n', alarms)}"));

        Assert.True(rate <= 0.05, $"false-alarm rate {rate:F4} > 0.05:\n{string.Join('\n', alarms)}");
    }

    [FactRequiringGoEmotionsDev]
    public void At_most_half_a_percent_of_ordinary_chat_is_a_false_alarm()
    {
        var exceptions = ReviewedExceptions();
        var messages = File.ReadLines(CrisisTestData.GoEmotionsDev).Select(line => line.Split('\t')[0]).ToArray();
        Assert.All(exceptions.Keys, text => Assert.Contains(text, messages));

        var ordinary = messages.Where(m => !exceptions.ContainsKey(m)).ToArray();
        var alarms = FalseAlarms(ordinary);
        var rate = (double)alarms.Count / ordinary.Length;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"false alarms {rate:F4} over {ordinary.Length} GoEmotions dev messages ({exceptions.Count} reviewed exceptions left out):\n{string.Join('\n', alarms)}"));

        Assert.True(rate <= 0.005, $"false-alarm rate {rate:F4} on GoEmotions dev > 0.005:\n{string.Join('\n', alarms)}");
    }

    [FactRequiringGoEmotionsDev]
    public void Every_reviewed_exception_is_still_flagged()
    {
        // An exception the detector no longer flags is no longer needed, and may hide that a pattern was weakened.
        var missed = ReviewedExceptions().Keys.Where(text => !Detector.Assess(text).IsCrisis).ToArray();

        Assert.True(missed.Length == 0, $"exceptions no longer flagged:\n{string.Join('\n', missed)}");
    }

    private static Dictionary<string, string> ReviewedExceptions()
    {
        var entries = File.ReadAllLines(Path.Combine(CrisisTestData.Folder, "goemotions-dev-exceptions.tsv"))
            .Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .ToArray();
        Assert.All(entries, e => Assert.True(e.Length == 2 && e[1].Trim().Length > 0, $"an exception needs its text and a reason: {string.Join(" | ", e)}"));
        return entries.ToDictionary(e => e[0], e => e[1]);
    }

    private static List<string> Misses(IEnumerable<(string Text, bool IsCrisis)> positives) =>
        positives.Where(m => !Detector.Assess(m.Text).IsCrisis).Select(m => "  " + m.Text).ToList();

    private static List<string> FalseAlarms(IEnumerable<string> texts) =>
        texts.Select(t => (Text: t, Assessment: Detector.Assess(t)))
            .Where(x => x.Assessment.IsCrisis)
            .Select(x => $"  {x.Text}  [{string.Join(", ", x.Assessment.Matches)}]")
            .ToList();
}

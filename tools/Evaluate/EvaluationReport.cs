using System.Globalization;

namespace EmoteCare.Evaluate;

/// <summary>Writes an <see cref="EvaluationResult"/> as plain aligned text, ending with the accuracy line.</summary>
internal static class EvaluationReport
{
    private const int MaxUnreadableListed = 20;
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static void Write(TextWriter output, EvaluationResult result)
    {
        var names = result.ClassNames;
        var nameWidth = names.Append("true\\pred").Append("macro avg").Max(n => n.Length);

        output.WriteLine("images per class:");
        for (var c = 0; c < names.Count; c++)
        {
            output.WriteLine(FormattableString.Invariant($"  {names[c].PadRight(nameWidth)}  {result.Support(c),6}"));
        }

        output.WriteLine(FormattableString.Invariant($"  {"total".PadRight(nameWidth)}  {result.Count,6}"));
        output.WriteLine(FormattableString.Invariant($"unreadable: {result.Unreadable.Count}"));
        foreach (var (image, reason) in result.Unreadable.Take(MaxUnreadableListed))
        {
            output.WriteLine(FormattableString.Invariant($"  {image.Path}: {reason}"));
        }

        if (result.Unreadable.Count > MaxUnreadableListed)
        {
            output.WriteLine(FormattableString.Invariant($"  ... and {result.Unreadable.Count - MaxUnreadableListed} more"));
        }

        output.WriteLine();
        output.WriteLine("per-class metrics:");
        output.WriteLine(FormattableString.Invariant($"  {"class".PadRight(nameWidth)}  {"precision",9}  {"recall",6}  {"f1",6}  {"support",7}"));
        for (var c = 0; c < names.Count; c++)
        {
            output.WriteLine(FormattableString.Invariant($"  {names[c].PadRight(nameWidth)}  {Metric(result.Precision(c)),9}  {Metric(result.Recall(c)),6}  {Metric(result.F1(c)),6}  {result.Support(c),7}"));
        }

        output.WriteLine(FormattableString.Invariant($"  {"macro avg".PadRight(nameWidth)}  {Metric(result.MacroAverage(result.Precision)),9}  {Metric(result.MacroAverage(result.Recall)),6}  {Metric(result.MacroAverage(result.F1)),6}  {result.Count,7}"));

        output.WriteLine();
        output.WriteLine("confusion matrix (rows: true class, columns: predicted class):");
        var cellWidth = Math.Max(names.Max(n => n.Length), result.Count.ToString(Culture).Length);
        output.Write($"  {"true\\pred".PadRight(nameWidth)}");
        foreach (var name in names)
        {
            output.Write($"  {name.PadLeft(cellWidth)}");
        }

        output.WriteLine();
        for (var actual = 0; actual < names.Count; actual++)
        {
            output.Write($"  {names[actual].PadRight(nameWidth)}");
            for (var predicted = 0; predicted < names.Count; predicted++)
            {
                output.Write($"  {result.Confusion(actual, predicted).ToString(Culture).PadLeft(cellWidth)}");
            }

            output.WriteLine();
        }

        output.WriteLine();
        var perFace = (TimeSpan time) => time.TotalMilliseconds / result.Count;
        var views = result.Flip ? " for face and mirror" : string.Empty;
        output.WriteLine(FormattableString.Invariant(
            $"time per face: {perFace(result.ReadTime + result.DecodeTime + result.ClassifyTime):F3} ms (read file {perFace(result.ReadTime):F3} ms, decode {perFace(result.DecodeTime):F3} ms, classify {perFace(result.ClassifyTime):F3} ms{views}; {result.OrtCalls} ORT calls of up to {result.BatchSize * (result.Flip ? 2 : 1)} crops)"));
        output.WriteLine(result.AccuracyLine());
    }

    private static string Metric(double value) => value.ToString("F4", Culture);
}

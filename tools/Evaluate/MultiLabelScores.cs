using System.Globalization;
using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Evaluate;

/// <summary>Per-class counts of a multi-label evaluation: each text may hold and be given several emotions.</summary>
internal sealed class MultiLabelScores
{
    private readonly int[] _truePositives = new int[Emotions.Count];
    private readonly int[] _falsePositives = new int[Emotions.Count];
    private readonly int[] _support = new int[Emotions.Count];

    /// <summary>Texts counted.</summary>
    public int Count { get; private set; }

    public void Add(IReadOnlyList<bool> gold, IReadOnlyList<Emotion> predicted)
    {
        Count++;
        for (var e = 0; e < Emotions.Count; e++)
        {
            if (gold[e])
            {
                _support[e]++;
            }
        }

        foreach (var emotion in predicted)
        {
            if (gold[(int)emotion])
            {
                _truePositives[(int)emotion]++;
            }
            else
            {
                _falsePositives[(int)emotion]++;
            }
        }
    }

    /// <summary>Texts whose gold labels include <paramref name="emotion"/>.</summary>
    public int Support(Emotion emotion) => _support[(int)emotion];

    // Undefined ratios count as 0, as in models/training/text/train.py, so the figures compare with the model card.
    public double Precision(Emotion emotion) =>
        _truePositives[(int)emotion] + _falsePositives[(int)emotion] is > 0 and var predicted ? (double)_truePositives[(int)emotion] / predicted : 0;

    public double Recall(Emotion emotion) => Support(emotion) is > 0 and var support ? (double)_truePositives[(int)emotion] / support : 0;

    public double F1(Emotion emotion) =>
        Precision(emotion) + Recall(emotion) is > 0 and var sum ? 2 * Precision(emotion) * Recall(emotion) / sum : 0;

    /// <summary>Mean F1 over the emotions that occur among the gold labels.</summary>
    public double MacroF1() => Enum.GetValues<Emotion>().Where(e => Support(e) > 0).Average(F1);

    /// <summary>The line the <c>texts</c> command ends with; scripts and tests read it.</summary>
    public string MacroF1Line() => string.Create(CultureInfo.InvariantCulture, $"macro_f1: {MacroF1():F4} (n={Count})");
}

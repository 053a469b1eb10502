using System.Globalization;

namespace EmoteCare.Evaluate;

/// <summary>Counts of one evaluation run: the confusion matrix, unreadable files and where the time went.</summary>
internal sealed class EvaluationResult
{
    private readonly int[,] _confusion;
    private readonly List<(LabeledImage Image, string Reason)> _unreadable = [];

    public EvaluationResult(IReadOnlyList<string> classNames, bool flip, int batchSize)
    {
        ClassNames = classNames;
        Flip = flip;
        BatchSize = batchSize;
        _confusion = new int[classNames.Count, classNames.Count];
    }

    /// <summary>Class names in the model's (sidecar) order; every index below refers to it.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    public bool Flip { get; }

    public int BatchSize { get; }

    /// <summary>Images classified (unreadable ones excluded).</summary>
    public int Count { get; private set; }

    public int Correct { get; private set; }

    public double Accuracy => Count == 0 ? 0 : (double)Correct / Count;

    public IReadOnlyList<(LabeledImage Image, string Reason)> Unreadable => _unreadable;

    /// <summary>Reading the files.</summary>
    public TimeSpan ReadTime { get; set; }

    /// <summary>Decoding to gray, resizing and mirroring included.</summary>
    public TimeSpan DecodeTime { get; set; }

    /// <summary>Time inside <see cref="Vision.Classification.EmotionClassifier.Classify"/>.</summary>
    public TimeSpan ClassifyTime { get; set; }

    public int OrtCalls { get; set; }

    /// <summary>Images of true class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public int Confusion(int actual, int predicted) => _confusion[actual, predicted];

    /// <summary>Classified images whose true class is <paramref name="actual"/>.</summary>
    public int Support(int actual) => Enumerable.Range(0, ClassNames.Count).Sum(p => _confusion[actual, p]);

    /// <summary>Images predicted as <paramref name="predicted"/>.</summary>
    public int PredictedCount(int predicted) => Enumerable.Range(0, ClassNames.Count).Sum(a => _confusion[a, predicted]);

    // Undefined ratios count as 0, as in models/training/evaluate.py, so macro figures compare with the model card.
    public double Precision(int c) => PredictedCount(c) is > 0 and var predicted ? (double)_confusion[c, c] / predicted : 0;

    public double Recall(int c) => Support(c) is > 0 and var support ? (double)_confusion[c, c] / support : 0;

    public double F1(int c) => Precision(c) + Recall(c) is > 0 and var sum ? 2 * Precision(c) * Recall(c) / sum : 0;

    /// <summary>Unweighted mean over all classes.</summary>
    public double MacroAverage(Func<int, double> metric) => Enumerable.Range(0, ClassNames.Count).Average(metric);

    public void Add(int actual, int predicted)
    {
        _confusion[actual, predicted]++;
        Count++;
        if (actual == predicted)
        {
            Correct++;
        }
    }

    public void AddUnreadable(LabeledImage image, string reason) => _unreadable.Add((image, reason));

    /// <summary>The accuracy line the command ends with; scripts and tests read it.</summary>
    public string AccuracyLine() => string.Create(CultureInfo.InvariantCulture, $"accuracy: {Accuracy:F4} (n={Count})");
}
